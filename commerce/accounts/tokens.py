"""Signed, expiring links for email verification and email change.

A token carries the user's id and the address it vouches for. It is only honoured while that
still makes sense: a verification link dies when the account's address changes, and an email
change link dies once the new address belongs to someone else. Signing uses SECRET_KEY with a
purpose-specific salt, so a token minted for one purpose never validates for another.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing

VERIFY_SALT = "accounts.verify-email"
EMAIL_CHANGE_SALT = "accounts.change-email"


class InvalidToken(Exception):
    """The link was tampered with, has expired, or no longer applies."""


@dataclass(frozen=True)
class EmailClaim:
    user_id: int
    email: str


def make_token(*, user_id: int, email: str, salt: str) -> str:
    return signing.dumps({"u": user_id, "e": email.lower()}, salt=salt, compress=True)


def read_token(token: str, *, salt: str) -> EmailClaim:
    try:
        data = signing.loads(token, salt=salt, max_age=settings.ACCOUNTS_EMAIL_TOKEN_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise InvalidToken("This link has expired.") from exc
    except signing.BadSignature as exc:
        raise InvalidToken("This link is not valid.") from exc
    try:
        return EmailClaim(user_id=int(data["u"]), email=str(data["e"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken("This link is not valid.") from exc


def verification_token(user) -> str:
    return make_token(user_id=user.pk, email=user.email, salt=VERIFY_SALT)


def email_change_token(user, new_email: str) -> str:
    return make_token(user_id=user.pk, email=new_email, salt=EMAIL_CHANGE_SALT)
