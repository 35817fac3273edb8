from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver

from . import throttling


@receiver(user_login_failed, dispatch_uid="accounts.count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    email = credentials.get("username") or credentials.get("email")
    if email and not getattr(request, "login_refusal", None):
        throttling.record_failure(email=email, ip=throttling.client_ip(request))


@receiver(user_logged_in, dispatch_uid="accounts.clear_login_failures")
def clear_login_failures(sender, request, user, **kwargs):
    throttling.record_success(email=user.email, ip=throttling.client_ip(request))
