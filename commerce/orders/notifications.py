"""What happens once a status change has committed: live update (and, later, emails)."""

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from .models import Order


def order_group_name(reference: str) -> str:
    return f"order.{reference}"


def order_status_changed(order: Order) -> None:
    channel_layer = get_channel_layer()
    async_to_sync(channel_layer.group_send)(
        order_group_name(order.reference),
        {"type": "order.status", "status": order.status, "status_label": order.get_status_display()},
    )
