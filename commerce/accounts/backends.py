from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttling


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend, refusing attempts the sign-in throttle refuses (throttling.py).

    Every sign-in path goes through here (the shop's form, Wagtail's admin login, the test
    client), so staff accounts are throttled as well. A missing request (Client.login) has no
    address, so only the account's slow-down applies.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email")
        if email:
            reason = throttling.refusal(email=email, ip=throttling.client_ip(request))
            if reason:
                if request is not None:
                    # Read by the login form (to say why) and the failure signal (not to count it).
                    request.login_refusal = reason
                # PermissionDenied stops other backends and still sends user_login_failed.
                raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
