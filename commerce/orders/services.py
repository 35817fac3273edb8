"""Order writes. Each function is one transaction; status changes are broadcast after commit."""

from django.db import transaction
from django.utils import timezone

from catalogue.services import return_stock

from .models import Order, OrderEvent, OrderStatus

S = OrderStatus
ALLOWED_TRANSITIONS: dict[str, set[str]] = {
    S.PENDING_PAYMENT: {S.PAID, S.CANCELLED},
    S.PAID: {S.PROCESSING, S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED, S.REFUNDED},
    S.SHIPPED: {S.DELIVERED, S.REFUNDED},
    S.DELIVERED: {S.REFUNDED},
    S.CANCELLED: set(),
    S.REFUNDED: set(),
}
# Leaving for one of these puts the order's units back on the shelf.
STOCK_RETURNING_STATUSES = {S.CANCELLED, S.REFUNDED}


class InvalidTransition(Exception):
    def __init__(self, order: Order, to_status: str):
        self.order = order
        self.to_status = to_status
        super().__init__(
            f"Order {order.reference} cannot go from {S(order.status).label} to {S(to_status).label}."
        )


def allowed_next_statuses(order: Order) -> list[str]:
    return [status for status in S.values if status in ALLOWED_TRANSITIONS[order.status]]


@transaction.atomic
def change_order_status(*, order: Order, to_status: str, actor=None, note: str = "") -> Order:
    """Move an order along the workflow, or raise InvalidTransition and change nothing.

    The order row is locked first, so two concurrent changes (a payment notification and a
    member of staff, say) are applied one after the other against the current status.
    """
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if to_status not in ALLOWED_TRANSITIONS[locked.status]:
        raise InvalidTransition(locked, to_status)
    from_status = locked.status
    locked.status = to_status
    update_fields = ["status", "updated"]
    if to_status == S.PAID:
        locked.paid_at = timezone.now()
        update_fields.append("paid_at")
    locked.save(update_fields=update_fields)
    OrderEvent.objects.create(order=locked, actor=actor, from_status=from_status, to_status=to_status, note=note)
    if to_status in STOCK_RETURNING_STATUSES:
        return_stock(quantities=_line_quantities(locked))
    transaction.on_commit(lambda: _announce_status_change(locked))
    order.refresh_from_db()
    return locked


def mark_order_paid(*, order: Order, actor=None, note: str = "") -> Order:
    return change_order_status(order=order, to_status=S.PAID, actor=actor, note=note)


def cancel_order(*, order: Order, actor=None, note: str = "") -> Order:
    return change_order_status(order=order, to_status=S.CANCELLED, actor=actor, note=note)


def refund_order(*, order: Order, actor=None, note: str = "") -> Order:
    return change_order_status(order=order, to_status=S.REFUNDED, actor=actor, note=note)


def _line_quantities(order: Order) -> dict[int, int]:
    quantities: dict[int, int] = {}
    for variant_id, quantity in order.lines.filter(variant__isnull=False).values_list("variant_id", "quantity"):
        quantities[variant_id] = quantities.get(variant_id, 0) + quantity
    return quantities


def _announce_status_change(order: Order) -> None:
    from .notifications import order_status_changed

    order_status_changed(order)
