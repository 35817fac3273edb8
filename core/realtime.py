"""Websockets over a channel layer that may be down (Redis in production).

A broadcast after commit must never fail the request that committed: the database is the truth
and clients re-sync from it when they reconnect. A socket whose channel layer stops carrying
messages closes with UNAVAILABLE_CLOSE_CODE, which static/js/chat.js and order-status.js show as
"unavailable, retrying" before they reconnect with backoff; a socket opened while the layer is
down is accepted only to be closed with that code, so the browser learns why.
"""

import asyncio
import logging

from asgiref.sync import async_to_sync
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.layers import get_channel_layer
from django.conf import settings
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

UNAVAILABLE_CLOSE_CODE = 4503
LAYER_ERRORS = (RedisError, OSError)


def broadcast(group: str, event: dict) -> bool:
    """Send `event` to `group`; False (and a logged warning) when the channel layer is down."""
    try:
        async_to_sync(get_channel_layer().group_send)(group, event)
    except LAYER_ERRORS:
        logger.warning("Channel layer unavailable: %s to %s not sent", event["type"], group, exc_info=True)
        return False
    return True


class RealtimeConsumer(AsyncJsonWebsocketConsumer):
    """A JSON websocket that closes as unavailable when the channel layer stops working.

    Every REALTIME_CHECK_SECONDS the socket sends itself a message through the layer; if sending
    fails, or the previous one never came back (Redis restarted and lost what it carried), the
    socket closes with UNAVAILABLE_CLOSE_CODE. `on_check` runs at each check for subclasses.
    """

    _accepted = False
    _check_task = None

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
        while True:
            await asyncio.sleep(settings.REALTIME_CHECK_SECONDS)
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
