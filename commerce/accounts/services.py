from collections.abc import Callable

from django.contrib.auth.models import Group
from django.db import transaction

from core.realtime import revoke_user

from .models import Address, User
from .roles import CLIENT
from .tokens import EMAIL_CHANGE_SALT, VERIFY_SALT, InvalidToken, read_token

ADDRESS_FIELDS = ("full_name", "line1", "line2", "city", "postcode", "region", "country", "phone")


class EmailTaken(Exception):
    """Another account already uses this address."""


# What higher layers do once an account's address is verified (orders attach guest orders placed
# with it). accounts may not import them, so they register here, from their AppConfig.ready; each
# is called with `user=` inside the verifying transaction, so a failure verifies nothing.
_email_verified_callbacks: list[Callable[..., object]] = []


def on_email_verified(callback: Callable[..., object]) -> Callable[..., object]:
    if callback not in _email_verified_callbacks:
        _email_verified_callbacks.append(callback)
    return callback


def _email_verified(user: User) -> None:
    for callback in _email_verified_callbacks:
        callback(user=user)


@transaction.atomic
def assign_role(*, user: User, role: str) -> User:
    """Give a user exactly one role; what it may do comes from the role's group. Sockets the old
    role opened (the agents' chat) are re-checked after commit and closed if no longer allowed."""
    user.groups.set([Group.objects.get(name=role)])
    revoke_user(user.pk)
    return user


@transaction.atomic
def create_client(*, email: str, password: str, first_name: str = "", last_name: str = "") -> User:
    """A new, unverified customer account with the Client role. Raises EmailTaken on a duplicate."""
    if email_in_use(email=email):
        raise EmailTaken(email)
    user = User.objects.create_user(email=email, password=password, first_name=first_name, last_name=last_name)
    return assign_role(user=user, role=CLIENT)


def email_in_use(*, email: str, exclude_user: User | None = None) -> bool:
    users = User.objects.filter(email__iexact=email.strip())
    if exclude_user is not None:
        users = users.exclude(pk=exclude_user.pk)
    return users.exists()


@transaction.atomic
def verify_email(*, token: str) -> User:
    """Mark the account verified if the token is genuine, unexpired and issued for the account as
    it is now (same address, password and no link used since). The link is then spent.

    Raises InvalidToken otherwise.
    """
    claim = read_token(token, salt=VERIFY_SALT)
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    if user is None or user.email != claim.email or not claim.matches(user):
        raise InvalidToken("This link is no longer valid.")
    user.email_verified = True
    user.token_version += 1
    user.save(update_fields=["email_verified", "token_version"])
    _email_verified(user)
    return user


@transaction.atomic
def update_profile(*, user: User, first_name: str, last_name: str, phone: str) -> User:
    """Change the fields a customer may change directly (the email needs a confirmed link)."""
    user.first_name, user.last_name, user.phone = first_name.strip(), last_name.strip(), phone.strip()
    user.save(update_fields=["first_name", "last_name", "phone"])
    return user


@transaction.atomic
def confirm_email_change(*, token: str) -> tuple[User, str]:
    """Switch the account to the new address the token carries; that address is then verified.
    Returns the user and the address they had before (to tell it about the change).

    Raises InvalidToken if the token is bad or expired, EmailTaken if someone took the address
    since the link was sent.
    """
    claim = read_token(token, salt=EMAIL_CHANGE_SALT)
    user = User.objects.select_for_update().filter(pk=claim.user_id, is_active=True).first()
    # The stamp binds the link to the account as it was when the link was sent: once any link is
    # used, the email or the password changes, it is void, so a replayed link changes nothing.
    if user is None or not claim.matches(user):
        raise InvalidToken("This link is no longer valid.")
    if email_in_use(email=claim.email, exclude_user=user):
        raise EmailTaken(claim.email)
    old_email = user.email
    user.email = claim.email
    user.email_verified = True
    user.token_version += 1
    user.save(update_fields=["email", "email_verified", "token_version"])
    _email_verified(user)
    return user, old_email


@transaction.atomic
def save_address(*, user: User, data: dict, address: Address | None = None) -> Address:
    """Create or update one of the user's addresses.

    The first address becomes the default; making one the default unsets the previous default in
    the same transaction (the rows are locked so two requests cannot leave two defaults).
    """
    if address is not None and address.user_id != user.pk:
        raise Address.DoesNotExist
    existing = list(Address.objects.select_for_update().filter(user=user).values_list("pk", "is_default_shipping"))
    address = address or Address(user=user)
    for field in ADDRESS_FIELDS:
        setattr(address, field, (data.get(field) or "").strip())
    others = [pk for pk, _default in existing if pk != address.pk]
    make_default = bool(data.get("is_default_shipping")) or not others
    if make_default:
        Address.objects.filter(user=user, is_default_shipping=True).exclude(pk=address.pk).update(
            is_default_shipping=False
        )
    address.is_default_shipping = make_default
    address.save()
    return address


@transaction.atomic
def delete_address(*, user: User, address_id: int) -> None:
    """Remove one of the user's addresses; if it was the default, the newest remaining one takes over."""
    address = Address.objects.select_for_update().get(user=user, pk=address_id)
    was_default = address.is_default_shipping
    address.delete()
    if was_default:
        successor = Address.objects.filter(user=user).order_by("-created").first()
        if successor is not None:
            successor.is_default_shipping = True
            successor.save(update_fields=["is_default_shipping"])


@transaction.atomic
def set_account_active(*, user: User, active: bool, actor: User | None = None) -> User:
    """Deactivate (or reactivate) an account. A deactivated user cannot sign in; their existing
    sessions stop working too, because Django's auth middleware rejects inactive users, and their
    open sockets (chat, order status) close within seconds of the commit."""
    if actor is not None and actor.pk == user.pk and not active:
        raise ValueError("You cannot deactivate your own account.")
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        revoke_user(user.pk)
    return user


@transaction.atomic
def delete_account(*, user: User) -> None:
    """Erase a customer's account and personal data while keeping their orders.

    Addresses go with the user (CASCADE); orders keep their snapshot address and email and lose
    only the link to the user (SET_NULL); reviews likewise stay, with no author and so no name.
    Sessions die with the user row (the session's user id no longer resolves); open sockets close
    after commit.
    """
    revoke_user(user.pk)
    Address.objects.filter(user=user).delete()
    user.delete()
