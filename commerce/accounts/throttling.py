"""Login throttling in the shared cache (Redis in production), per account and per address.

Chosen over django-axes because it needs no authentication backend that insists on a request,
so `Client.login()` and `force_login()` keep working in every test, and because the cache is
already shared by every web process. Failures are counted in a fixed window; once a key reaches
its limit, attempts on it are refused (without checking the password) until the window ends.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"accounts:login-failures:{kind}:{digest}"


def _keys(*, email: str, ip: str) -> list[tuple[str, int]]:
    keys = [(_key("email", email), settings.ACCOUNTS_LOGIN_FAILURES_PER_ACCOUNT)]
    if ip:
        keys.append((_key("ip", ip), settings.ACCOUNTS_LOGIN_FAILURES_PER_IP))
    return keys


def is_locked_out(*, email: str, ip: str) -> bool:
    return any((cache.get(key) or 0) >= limit for key, limit in _keys(email=email, ip=ip))


def record_failure(*, email: str, ip: str) -> None:
    window = settings.ACCOUNTS_LOGIN_LOCKOUT_SECONDS
    for key, _limit in _keys(email=email, ip=ip):
        # add() starts the window only once; incr() keeps its expiry.
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, timeout=window)


def reset_account(*, email: str) -> None:
    """A successful sign-in clears the account's count (not the address's: one good password
    must not open the door to guessing others' from the same place)."""
    cache.delete(_key("email", email))


def reset_address(*, ip: str) -> None:
    cache.delete(_key("ip", ip))


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""
