from channels.db import database_sync_to_async
from django.http import Http404

from commerce.accounts import access
from core.realtime import RealtimeConsumer

from .guest_access import guest_token_for
from .models import Order
from .notifications import order_group_name, order_status_payload


def _owned_order(user, session, reference) -> Order | None:
    orders = Order.objects.only("reference", "status", "user", "access_token", "carrier", "tracking_number")
    guest_token = guest_token_for(session, reference) if session is not None else ""
    try:
        return access.get_owned_or_404(orders, user=user, guest_token=guest_token, reference=reference)
    except Http404:
        return None


PAYLOAD_KEYS = ("status", "status_label", "carrier", "tracking_number")


class OrderStatusConsumer(RealtimeConsumer):
    """Live status of one order, for its owner (or the guest holding its link) only.

    Sends the current status on every (re)connect."""

    group_name = None

    async def connect(self):
        reference = self.scope["url_route"]["kwargs"]["reference"]
        order = await database_sync_to_async(_owned_order)(self.scope["user"], self.scope.get("session"), reference)
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
