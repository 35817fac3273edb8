from channels.db import database_sync_to_async

from commerce.accounts import access
from core.realtime import RealtimeConsumer

from .models import Order
from .notifications import order_group_name, order_status_payload


def _owned_order(user, reference) -> Order | None:
    return (
        access.owned_by(Order.objects.only("reference", "status", "user", "carrier", "tracking_number"), user=user)
        .filter(reference=reference)
        .first()
    )


PAYLOAD_KEYS = ("status", "status_label", "carrier", "tracking_number")


class OrderStatusConsumer(RealtimeConsumer):
    """Live status of one order, for its owner only. Sends the current status on every (re)connect."""

    group_name = None

    async def connect(self):
        reference = self.scope["url_route"]["kwargs"]["reference"]
        order = await database_sync_to_async(_owned_order)(self.scope["user"], reference)
        if order is None:
            await self.close()
            return
        self.group_name = order_group_name(reference)
        await self.channel_layer.group_add(self.group_name, self.channel_name)
        await self.accept()
        await self.send_json(order_status_payload(order))

    async def disconnect(self, code):
        if self.group_name:
            await self.channel_layer.group_discard(self.group_name, self.channel_name)

    async def receive_json(self, content, **kwargs):
        # The socket only speaks; anything the browser says is ignored.
        return

    async def order_status(self, event):
        await self.send_json({key: event.get(key, "") for key in PAYLOAD_KEYS})
