from django.db.models import Prefetch

from commerce.accounts import access

from .models import Order, OrderEvent


def orders_of(*, user):
    return access.owned_by(Order.objects.all(), user=user).only("reference", "status", "created", "total", "currency")


def order_for_owner(*, user, reference: str, guest_token: str = "") -> Order:
    """The order with this reference if it belongs to `user` (or, for a guest order, `guest_token`
    opens it); 404 for anyone else's or unknown."""
    orders = Order.objects.prefetch_related(
        "lines", Prefetch("events", queryset=OrderEvent.objects.order_by("created", "pk"))
    )
    return access.get_owned_or_404(orders, user=user, guest_token=guest_token, reference=reference)
