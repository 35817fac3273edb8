"""The one access layer: who may see a customer's object, and who is an agent.

Ownership is decided here and nowhere else. Views, the payment pages and the websockets ask
`owned_by` / `get_owned_or_404`; a model that belongs to a customer names its owner field in
`owner_field` (and, for objects a guest may own through a token kept in their session,
`guest_token_field`). Anyone else's object is a 404, never a 403 that confirms it exists.

A guest token opens only an object that has no owner: once an account owns it (a guest order
attached at verification, say), its owner must sign in.
"""

import secrets
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import redirect

# Held by the Agent and Manager roles (roles.py); the chat panel, its switch and the agent socket
# all ask is_agent, so they cannot disagree.
AGENT_PERMISSION = "livechat.change_conversation"


def is_agent(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_perm(AGENT_PERMISSION))


def agent_users() -> QuerySet:
    """The active users is_agent holds for (through a role, their own permission or superuser)."""
    from django.contrib.auth import get_user_model
    from django.db.models import Q

    app_label, codename = AGENT_PERMISSION.split(".")
    granted = Q(groups__permissions__content_type__app_label=app_label, groups__permissions__codename=codename) | Q(
        user_permissions__content_type__app_label=app_label, user_permissions__codename=codename
    )
    return get_user_model().objects.filter(is_active=True).filter(granted | Q(is_superuser=True)).distinct()


def owned_by(queryset: QuerySet, *, user, guest_token: str = "") -> QuerySet:
    """The rows of `queryset` that belong to `user`, or, for a visitor, to their guest token."""
    model = queryset.model
    if user.is_authenticated:
        if not user.is_active:
            return queryset.none()
        return queryset.filter(**{model.owner_field: user})
    token_field = getattr(model, "guest_token_field", None)
    if token_field and guest_token:
        return queryset.filter(**{model.owner_field: None, token_field: guest_token})
    return queryset.none()


def get_owned_or_404(queryset: QuerySet, *, user, guest_token: str = "", **lookup):
    """The one object matching `lookup` that `user` owns or, failing that, that `guest_token` opens.

    The token is compared in constant time against the object found by `lookup` (a reference
    or a key, not the secret), so a signed-in shopper holding a guest link can open it too.
    """
    obj = owned_by(queryset, user=user).filter(**lookup).first() if user.is_authenticated else None
    if obj is None and guest_token:
        obj = _opened_by_token(queryset, guest_token=guest_token, lookup=lookup)
    if obj is None:
        raise Http404(f"No such {queryset.model._meta.verbose_name}.")
    return obj


def _opened_by_token(queryset: QuerySet, *, guest_token: str, lookup: dict):
    model = queryset.model
    token_field = getattr(model, "guest_token_field", None)
    if not token_field or not lookup:
        return None
    candidates = queryset.filter(**{model.owner_field: None}, **lookup).exclude(**{token_field: ""})
    given = guest_token.encode()
    for obj in candidates[:2]:
        if secrets.compare_digest(getattr(obj, token_field).encode(), given):
            return obj
    return None


def verified_email_required(view=None, *, guests_allowed: bool = False):
    """Reviews (and checkout for account holders): unverified accounts are sent to resend the link.

    Visitors sign in first, unless `guests_allowed` (guest checkout), when they pass as they are.
    """
    if view is None:
        return lambda view: verified_email_required(view, guests_allowed=guests_allowed)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if guests_allowed:
                return view(request, *args, **kwargs)
            return redirect_to_login(request.get_full_path())
        if not request.user.email_verified:
            messages.error(request, "Please verify your email address first; we can send you a new link.")
            return redirect("accounts:verify_resend")
        return view(request, *args, **kwargs)

    return wrapped
