"""Signed, expiring, single-use links for email verification and email change.

A token carries the user's id, the address it vouches for and a stamp of the account's state
when it was issued: a keyed hash of the current email, the password hash, whether the email is
verified and `token_version`, which every use of a link bumps. Any later change (a link used,
the email changed, the password changed) changes the stamp, so every link issued before is void:
a link works once, and a replayed one changes nothing. Signing uses SECRET_KEY with a
purpose-specific salt, so a token minted for one purpose never validates for another. Email
change links live ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE (shorter than verification links).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

VERIFY_SALT = "accounts.verify-email"
EMAIL_CHANGE_SALT = "accounts.change-email"


class InvalidToken(Exception):
    """The link was tampered with, has expired, or no longer applies."""


@dataclass(frozen=True)
class EmailClaim:
    user_id: int
    email: str
    stamp: str

    def matches(self, user) -> bool:
        return constant_time_compare(self.stamp, state_stamp(user))


def state_stamp(user) -> str:
    state = f"{user.pk}|{user.email.lower()}|{user.password}|{int(user.email_verified)}|{user.token_version}"
    return salted_hmac("accounts.link-state", state, algorithm="sha256").hexdigest()[:32]


def _max_age(salt: str) -> int:
    if salt == EMAIL_CHANGE_SALT:
        return settings.ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE
    return settings.ACCOUNTS_EMAIL_TOKEN_MAX_AGE


def make_token(*, user, email: str, salt: str) -> str:
    return signing.dumps({"u": user.pk, "e": email.lower(), "s": state_stamp(user)}, salt=salt, compress=True)


def read_token(token: str, *, salt: str) -> EmailClaim:
    try:
        data = signing.loads(token, salt=salt, max_age=_max_age(salt))
    except signing.SignatureExpired as exc:
        raise InvalidToken("This link has expired.") from exc
    except signing.BadSignature as exc:
        raise InvalidToken("This link is not valid.") from exc
    try:
        return EmailClaim(user_id=int(data["u"]), email=str(data["e"]), stamp=str(data["s"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise InvalidToken("This link is not valid.") from exc


def verification_token(user) -> str:
    return make_token(user=user, email=user.email, salt=VERIFY_SALT)


def email_change_token(user, new_email: str) -> str:
    return make_token(user=user, email=new_email, salt=EMAIL_CHANGE_SALT)
