from django.db.models import Prefetch
from django.http import Http404

from .models import Order, OrderEvent


def orders_of(*, user):
    return Order.objects.filter(user=user).only("reference", "status", "created", "total", "currency")


def order_for_owner(*, user, reference: str) -> Order:
    """The order with this reference if it belongs to `user`; 404 for anyone else's or unknown."""
    order = (
        Order.objects.filter(user=user, reference=reference)
        .prefetch_related("lines", Prefetch("events", queryset=OrderEvent.objects.order_by("created", "pk")))
        .first()
    )
    if order is None:
        raise Http404("No such order")
    return order
