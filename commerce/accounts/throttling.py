"""Sign-in throttling in the shared cache (Redis in production) that a stranger cannot turn
against an account's owner.

Failures are counted in fixed windows (ACCOUNTS_LOGIN_LOCKOUT_SECONDS) under four keys:

- the (account, address) pair: past its limit that address may not try that account again until
  the window ends. This is the only hard refusal tied to an account, and it binds the guesser,
  not the owner signing in from elsewhere;
- the address: past its limit it may not try any account (one place spraying many accounts);
- the account, from every address: past its limit the account is slowed down, not locked:
  addresses it has never signed in from get one attempt per ACCOUNTS_LOGIN_ACCOUNT_DELAY_SECONDS
  between them, while an address the owner signed in from before is not slowed;
- every sign-in: past its limit the site is under a spray, and an address that has failed even
  once in the window is refused, while one that has not still signs in.

The client address comes from core.client_address (TRUSTED_PROXIES), never from a header a client
sets. Refused attempts are not counted, so a refusal never lengthens itself. With Redis down every
count misses and sign-in fails open (django-redis logs it).

Chosen over django-axes: axes (8.x) locks by configured parameter combinations with a cool-off,
but has no "slow down, don't lock" for an account, no known-address allowance and no global spray
limit; its backend also requires a request, which `Client.login()` and `force_login()` lack.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache

from core.client_address import request_client_address

LOCKED = "locked"
SLOWED = "slowed"
KNOWN_ADDRESS_SECONDS = 60 * 60 * 24 * 90


def _digest(*parts: str) -> str:
    return hashlib.sha256("\x00".join(part.strip().lower() for part in parts).encode()).hexdigest()[:32]


def _key(kind: str, *parts: str) -> str:
    return f"accounts:login:{kind}:{_digest(*parts)}"


def _count(key: str) -> int:
    return cache.get(key) or 0


def _increment(key: str, window: int) -> None:
    # add() starts the window only once; incr() keeps its expiry.
    cache.add(key, 0, timeout=window)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=window)


def _known(email: str, ip: str) -> bool:
    return bool(ip) and bool(cache.get(_key("known", email, ip)))


def refusal(*, email: str, ip: str) -> str | None:
    """LOCKED or SLOWED if this attempt must be refused without checking the password, else None.

    Takes the account's slot when it is slowed down: call it once per attempt.
    """
    if ip:
        if _count(_key("pair", email, ip)) >= settings.ACCOUNTS_LOGIN_FAILURES_PER_PAIR:
            return LOCKED
        address_failures = _count(_key("ip", ip))
        if address_failures >= settings.ACCOUNTS_LOGIN_FAILURES_PER_IP:
            return LOCKED
        if address_failures and _count(_key("all")) >= settings.ACCOUNTS_LOGIN_FAILURES_GLOBAL:
            return LOCKED
    if _count(_key("account", email)) >= settings.ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT and not _known(email, ip):
        # One attempt per delay from unknown addresses, whoever they are: the owner waits seconds.
        slot = _key("slot", email)
        if not cache.add(slot, 1, timeout=settings.ACCOUNTS_LOGIN_ACCOUNT_DELAY_SECONDS):
            return SLOWED
    return None


def is_locked_out(*, email: str, ip: str) -> bool:
    """Whether the pair or the address is refused (reads only; takes no slot)."""
    if not ip:
        return False
    return (
        _count(_key("pair", email, ip)) >= settings.ACCOUNTS_LOGIN_FAILURES_PER_PAIR
        or _count(_key("ip", ip)) >= settings.ACCOUNTS_LOGIN_FAILURES_PER_IP
    )


def record_failure(*, email: str, ip: str) -> None:
    window = settings.ACCOUNTS_LOGIN_LOCKOUT_SECONDS
    _increment(_key("account", email), window)
    _increment(_key("all"), window)
    if ip:
        _increment(_key("pair", email, ip), window)
        _increment(_key("ip", ip), window)


def record_success(*, email: str, ip: str) -> None:
    """The pair starts again and the address becomes known to the account. The address's own count
    stays (one good password must not open the door to guessing others' from the same place), and
    so does the account's (the owner signing in must not let a guesser elsewhere go faster)."""
    if ip:
        cache.delete(_key("pair", email, ip))
        cache.set(_key("known", email, ip), 1, timeout=KNOWN_ADDRESS_SECONDS)


def reset_account(*, email: str) -> None:
    cache.delete(_key("account", email))
    cache.delete(_key("slot", email))


def reset_address(*, ip: str) -> None:
    cache.delete(_key("ip", ip))


def client_ip(request) -> str:
    return request_client_address(request)
