from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from . import throttling


class ThrottledModelBackend(ModelBackend):
    """Django's ModelBackend, refusing accounts and addresses that failed too often.

    Every sign-in path goes through here (the shop's form, Wagtail's admin login, the test
    client), so staff accounts are throttled as well. A missing request (Client.login) only
    checks the account.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = username if username is not None else kwargs.get("email")
        if email and throttling.is_locked_out(email=email, ip=throttling.client_ip(request)):
            # PermissionDenied stops other backends and still sends user_login_failed.
            raise PermissionDenied
        return super().authenticate(request, username=username, password=password, **kwargs)
