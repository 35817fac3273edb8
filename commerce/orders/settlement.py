"""The moves that money decides: an order becomes paid or refunded only here.

Only commerce.payments.services calls these, once it has verified the payment or refund; an
import-linter contract forbids every other module to import this one.
"""

from .models import Order, OrderStatus
from .services import _move_order


def mark_order_paid(*, order: Order, actor=None, note: str = "") -> Order:
    return _move_order(order=order, to_status=OrderStatus.PAID, actor=actor, note=note)


def refund_order(*, order: Order, actor=None, note: str = "") -> Order:
    return _move_order(order=order, to_status=OrderStatus.REFUNDED, actor=actor, note=note)
