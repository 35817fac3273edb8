from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from core.realtime import revoke_user

from . import throttling
from .models import User


@receiver(user_login_failed, dispatch_uid="accounts.count_login_failure")
def count_login_failure(sender, credentials, request=None, **kwargs):
    email = credentials.get("username") or credentials.get("email")
    if email and not getattr(request, "login_refusal", None):
        throttling.record_failure(email=email, ip=throttling.client_ip(request))


@receiver(user_logged_in, dispatch_uid="accounts.clear_login_failures")
def clear_login_failures(sender, request, user, **kwargs):
    throttling.record_success(email=user.email, ip=throttling.client_ip(request))


@receiver(post_save, sender=User, dispatch_uid="accounts.revoke_sockets_on_new_password")
def revoke_sockets_on_new_password(sender, instance, created, **kwargs):
    # set_password() holds the raw password in `_password` until AbstractBaseUser.save() has saved
    # it (post_save runs before it is cleared). Wherever the password changed (the account page, a
    # reset link, Wagtail's user screens), other sessions are now void: close their sockets.
    if not created and instance._password is not None:
        revoke_user(instance.pk)
