"""Who may reach a view. Roles are groups (see roles.py); superusers pass every check.

Anonymous visitors are sent to sign in; a signed-in user without the role gets 403.
"""

from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def user_has_role(user, roles) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*roles))


def role_required(*roles):
    """Decorator: `@role_required("Agent", "Manager")`."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user_has_role(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    """Class-based views: set `required_roles = ("Agent",)`."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_has_role(request.user, self.required_roles):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def verified_email_required(view):
    """For checkout and reviews: unverified accounts are sent to the page that resends the link."""
    from django.contrib import messages
    from django.shortcuts import redirect

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.email_verified:
            messages.error(request, "Please verify your email address first; we can send you a new link.")
            return redirect("accounts:verify_resend")
        return view(request, *args, **kwargs)

    return wrapped
