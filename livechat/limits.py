"""Chat limits per person and per address, shared by every socket and every web process.

Counts live in the cache (Redis in production) in fixed windows, so ten sockets of one customer,
or twenty guest sessions from one address, share one allowance. A person is the signed-in user or
the guest's session token. With Redis down every count misses and chat fails open (django-redis
ignores and logs the error), as the rest of the shop does; each socket's own token bucket still
holds.

The counts are cache round trips with no database in them, so `allow` runs them on a worker thread
of its own (thread_sensitive=False) rather than on the one thread every consumer's database calls
share: at 500 sockets that thread is the queue messages wait in (see core/realtime.py). Django's
async cache methods would not help: for a cache without native async support, as django-redis,
they run the sync call on that same thread.
"""

import hashlib

from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.cache import cache


def person(user, guest_token: str) -> str:
    if user is not None and user.is_authenticated:
        return f"user:{user.pk}"
    return "guest:" + hashlib.sha256(guest_token.encode()).hexdigest()[:32]


def _hit(key: str, *, limit: int, window: int) -> bool:
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        count = 1
    return count is None or count <= limit  # None: the cache is down, fail open


def allow_sync(kind: str, *, person: str, address: str | None) -> bool:
    """Count one `kind` (see settings.CHAT_RATE_LIMITS) for the person and the address; False past
    either limit. An address of None (agents) is not counted."""
    per_person, per_address, window = settings.CHAT_RATE_LIMITS[kind]
    allowed = _hit(f"chat:limit:{kind}:{person}", limit=per_person, window=window)
    if address is not None:
        digest = hashlib.sha256(address.encode()).hexdigest()[:32]
        allowed = _hit(f"chat:limit:{kind}:ip:{digest}", limit=per_address, window=window) and allowed
    return allowed


allow = sync_to_async(allow_sync, thread_sensitive=False)
