"""Websockets over a channel layer that may be down (Redis in production).

A broadcast after commit must never fail the request that committed: the database is the truth
and clients re-sync from it when they reconnect. A socket whose channel layer stops carrying
messages closes with UNAVAILABLE_CLOSE_CODE, which static/js/chat.js and order-status.js show as
"unavailable, retrying" before they reconnect with backoff; a socket opened while the layer is
down is accepted only to be closed with that code, so the browser learns why.

Revocation is pushed, not polled: every socket joins its person's group (`user_group`) and the
groups of the features it depends on (`feature_group`) before it is even accepted, and a service
that takes a right away calls `revoke_user` / `revoke_feature`. After commit, each socket in the
group asks `still_permitted()` again and closes with REVOKED_CLOSE_CODE if the answer is no, so a
deactivated account or a switched-off feature loses its open sockets at once, on every process.

What the chat bench taught (tests/bench/chat.py: 500 sockets on two processes): everything a
consumer runs through `database_sync_to_async` shares ONE thread per process, so work that every
socket repeats is what makes delivery slow. With every socket's periodic check firing at the same
moment (sockets opened together: a deploy, a reconnect storm, the bench), each burst queued about
500 calls per process (some 1,500 queries) ahead of the messages: delivery p95 was 9 s, and 56 ms
with the checks turned off. Hence `check_delays` starts each socket's checks at a random point of the period,
and `SharedAnswer` lets the sockets of a process share one read of what is the same for all of them.
A broadcast after commit holds that thread for one Redis PUBLISH (0.7 ms, p95 2.5 ms in the same
bench), little enough to keep it simple and in order rather than queue it for later.
"""

import asyncio
import logging
import random
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import import_module

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.db import transaction
from django.utils.crypto import constant_time_compare
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNAVAILABLE_CLOSE_CODE = 4503
# The person lost the right to this socket (account deactivated, feature switched off).
REVOKED_CLOSE_CODE = 4403
LAYER_ERRORS = (RedisError, OSError)
# Features a setting can switch off while sockets depend on them.
CUSTOMER_CHAT = "customer_chat"
REVOKE_EVENT = {"type": "realtime.revoke"}


def _group_send(group: str, event: dict) -> None:
    send = async_to_sync(get_channel_layer().group_send)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        send(group, event)
        return
    # Sync code on a thread that runs an event loop (an async test's fixtures, a notebook), where
    # async_to_sync refuses to run: send from a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as sender:
        sender.submit(send, group, event).result()


def broadcast(group: str, event: dict) -> bool:
    """Send `event` to `group`; False (and a logged warning) when the channel layer is down."""
    try:
        _group_send(group, event)
    except LAYER_ERRORS:
        logger.warning("Channel layer unavailable: %s to %s not sent", event["type"], group, exc_info=True)
        return False
    return True


def user_group(user_id) -> str:
    return f"realtime.user.{user_id}"


def feature_group(feature: str) -> str:
    return f"realtime.feature.{feature}"


def revoke_user(user_id) -> None:
    """After commit, make every open socket of this user check again whether it may stay open
    (deactivated, deleted, a role taken away, or a new password), on every process."""
    transaction.on_commit(lambda: broadcast(user_group(user_id), REVOKE_EVENT))


def revoke_feature(feature: str) -> None:
    """After commit, make every open socket that depends on `feature` check again (switched off)."""
    transaction.on_commit(lambda: broadcast(feature_group(feature), REVOKE_EVENT))


def _still_signed_in(session_key: str | None, user_id) -> bool:
    """Whether the session a socket opened with still signs its person in, as Django would judge
    the next page view: the account is active and the session's hash matches the current password.
    A password changed elsewhere voids every other session (the one that changed it is updated
    with update_session_auth_hash), and their sockets with them."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is None or not session_key:
        return False
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return session.get(SESSION_KEY) == str(user_id) and constant_time_compare(
        session.get(HASH_SESSION_KEY, ""), user.get_session_auth_hash()
    )


def check_delays(period: float) -> Iterator[float]:
    """Seconds to wait before each periodic check of a socket: the first at a random point of one
    period, so sockets opened at the same moment spread their checks over it instead of querying
    all at once, then one period apart (each check still follows the one before within a period)."""
    yield random.uniform(0, period)  # noqa: S311 - spreading load, not a secret
    while True:
        yield period


class SharedAnswer:
    """One read shared by every socket of this process for `seconds`, per key.

    For what is the same for all of them (is chat on for this site, is any agent online) and may be
    a second old: a periodic check or a frame asks here instead of each socket querying on the
    database thread. Sockets asking while a read is under way wait for that read. `fresh=True`
    starts a new read (and shares it from then on); revocation asks fresh, since a revoke arrives
    after the commit that a cached answer may predate. Answers are kept per event loop (a test's
    loop never sees another test's answers) and a failed read is not kept.
    """

    def __init__(self, read: Callable, *, seconds: float):
        self.read = read
        self.seconds = seconds
        self._answers: dict[tuple, tuple[float, asyncio.Future]] = {}

    async def get(self, *key, fresh: bool = False):
        now = time.monotonic()
        held = self._answers.get(key)
        if fresh or held is None or not self._usable(held, now):
            # Expired answers go as new ones come: keys may come from a client (its Host header).
            self._answers = {k: answer for k, answer in self._answers.items() if self._usable(answer, now)}
            held = (now + self.seconds, asyncio.ensure_future(database_sync_to_async(self.read)(*key)))
            self._answers[key] = held
        # Shielded: a socket that closes while waiting must not cancel the read for the others.
        return await asyncio.shield(held[1])

    def forget(self) -> None:
        """Drop every answer: the next question reads again (a push said the answer changed)."""
        self._answers = {}

    @staticmethod
    def _usable(held, now) -> bool:
        expires, answer = held
        if expires <= now or answer.get_loop() is not asyncio.get_running_loop():
            return False
        return not (answer.done() and (answer.cancelled() or answer.exception() is not None))


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    """A JSON websocket that closes as unavailable when the channel layer stops working.

    Every REALTIME_CHECK_SECONDS (the first time at a random point of that period: `check_delays`)
    the socket sends itself a message through the layer; if sending fails, or the previous one never
    came back (Redis restarted and lost what it carried), the socket closes with
    UNAVAILABLE_CLOSE_CODE. `on_check` runs at each check for subclasses.

    Before `connect` runs the socket joins its user's group and one group per name in
    `revocable_features`, so a revoke sent while it is connecting is not missed: it is handled
    right after `connect`, and closes the socket with REVOKED_CLOSE_CODE unless
    `still_permitted()` says it may stay.
    """

    revocable_features: tuple[str, ...] = ()
    _accepted = False
    _closed = False
    _check_task = None

    async def websocket_connect(self, message):
        # Channels joins `self.groups` before connect() and leaves them on disconnect.
        user = self.scope.get("user")
        self.groups = [
            *self.groups,
            *([user_group(user.pk)] if user is not None and user.is_authenticated else []),
            *(feature_group(feature) for feature in self.revocable_features),
        ]
        await super().websocket_connect(message)

    async def still_permitted(self) -> bool:
        """Whether the socket may stay open; asked when a revoke arrives, after the check that a
        signed-in person's session still signs them in. Subclasses add their own rules."""
        return True

    async def _session_still_valid(self) -> bool:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return True
        session = self.scope.get("session")
        return await database_sync_to_async(_still_signed_in)(getattr(session, "session_key", None), user.pk)

    async def realtime_revoke(self, event):
        if self._closed or not self._accepted:
            return
        if not (await self._session_still_valid() and await self.still_permitted()):
            await self.close(code=REVOKED_CLOSE_CODE)

    async def close(self, code=None, reason=None):
        # Revokes, checks and frames may each decide to close; the socket is closed once.
        if self._closed:
            return
        self._closed = True
        await super().close(code, reason)

    async def send_json(self, content, close=False):
        try:
            await super().send_json(content, close)
        except RuntimeError:
            # The client left while an event for it was on its way (the server refuses frames after
            # the close, before Channels has handled the disconnect): nobody to tell.
            logger.debug("Websocket %s gone; %s not sent", self.scope.get("path"), content.get("type"))
            self._closed = True

    async def __call__(self, scope, receive, send):
        try:
            await super().__call__(scope, receive, send)
        except LAYER_ERRORS:
            logger.warning("Channel layer unavailable: websocket %s closed", scope.get("path"), exc_info=True)
            if not self._accepted:
                await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": UNAVAILABLE_CLOSE_CODE})

    async def accept(self, subprotocol=None, headers=None):
        await super().accept(subprotocol, headers)
        self._accepted = True
        self._check_answered = True
        self._check_task = asyncio.create_task(self._check_layer())

    async def websocket_disconnect(self, message):
        if self._check_task:
            self._check_task.cancel()
        try:
            await super().websocket_disconnect(message)
        except LAYER_ERRORS:
            # The groups left are in-process; only Redis' copy of the subscription may linger.
            logger.warning("Channel layer unavailable while a websocket closed", exc_info=True)
            raise StopConsumer() from None

    async def on_check(self):
        return

    async def _check_layer(self):
        for delay in check_delays(settings.REALTIME_CHECK_SECONDS):
            await asyncio.sleep(delay)
            healthy = self._check_answered
            self._check_answered = False
            if healthy:
                try:
                    await self.channel_layer.send(self.channel_name, {"type": "realtime.check"})
                except LAYER_ERRORS:
                    logger.warning("Channel layer unavailable: websocket %s closed", self.scope["path"], exc_info=True)
                    healthy = False
            if not healthy:
                await self.close(code=UNAVAILABLE_CLOSE_CODE)
                return
            try:
                await self.on_check()
            except Exception:
                # A failed refresh (the database away for a moment) must not stop the next ones.
                logger.exception("Periodic check of websocket %s failed", self.scope["path"])

    async def realtime_check(self, event):
        self._check_answered = True
