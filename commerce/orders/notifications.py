"""What happens once an order change has committed: the customer's email (queued) and the live status update."""

from django.urls import reverse

from core.emails import absolute_url, send_customer_email
from core.realtime import broadcast
from core.selectors import store_settings

from .models import Order, OrderNote, OrderStatus

EMAILED_STATUSES = {
    OrderStatus.PAID: "Payment received for order {reference}",
    OrderStatus.SHIPPED: "Order {reference} is on its way",
    OrderStatus.CANCELLED: "Order {reference} was cancelled",
}


def order_group_name(reference: str) -> str:
    return f"order.{reference}"


def order_status_changed(order: Order) -> None:
    # The email is queued first, so a broadcast that fails cannot lose it.
    if order.status in EMAILED_STATUSES:
        send_order_email(order, subject=EMAILED_STATUSES[order.status], template="status_changed")
    broadcast(order_group_name(order.reference), {"type": "order.status", **order_status_payload(order)})


def order_status_payload(order: Order) -> dict:
    """What the customer's open order page is told: the status and, once shipped, how to track it."""
    return {
        "status": order.status,
        "status_label": order.get_status_display(),
        "carrier": order.carrier,
        "tracking_number": order.tracking_number,
    }


def order_note_for_customer(note: OrderNote) -> None:
    send_order_email(note.order, subject="A message about your order {reference}", template="note", note=note)


def order_placed(order: Order) -> None:
    send_order_email(order, subject="We have your order {reference}", template="placed")


def send_order_email(order: Order, *, subject: str, template: str, **extra_context) -> None:
    """orders/email/<template>.txt and .html to the order's address, with its lines and its link."""
    store = store_settings()
    context = {
        "order": order,
        "lines": list(order.lines.all()),
        "store": store,
        "order_url": order_link(order),
        **extra_context,
    }
    send_customer_email(
        to=[order.email],
        subject=f"{store.store_name}: " + subject.format(reference=order.reference),
        template=f"orders/email/{template}",
        context=context,
    )


def order_link(order: Order) -> str:
    """The absolute address to give the customer: a guest order's secret link, else the order page
    (where its account holder signs in)."""
    if order.placed_as_guest and order.user_id is None:
        path = reverse("account_orders:guest_link", args=[order.reference, order.access_token])
    else:
        path = reverse("account_orders:detail", args=[order.reference])
    return absolute_url(path)
