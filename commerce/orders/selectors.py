from datetime import timedelta
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from commerce.accounts import access

from .models import Order, OrderEvent, OrderLine, OrderStatus

# Orders waiting to be packed: money in, not yet on their way.
AWAITING_SHIPMENT = (OrderStatus.PAID, OrderStatus.PROCESSING)


def orders_of(*, user):
    return access.owned_by(Order.objects.all(), user=user).only("reference", "status", "created", "total", "currency")


def order_for_owner(*, user, reference: str, guest_token: str = "") -> Order:
    """The order with this reference if it belongs to `user` (or, for a guest order, `guest_token`
    opens it); 404 for anyone else's or unknown."""
    orders = Order.objects.prefetch_related(
        "lines", Prefetch("events", queryset=OrderEvent.objects.order_by("created", "pk"))
    )
    return access.get_owned_or_404(orders, user=user, guest_token=guest_token, reference=reference)


def sales_since(*, since) -> dict:
    """Orders placed since `since` (cancelled ones aside) and the revenue of those whose money arrived."""
    placed = Order.objects.filter(created__gte=since).exclude(status=OrderStatus.CANCELLED)
    figures = placed.aggregate(
        orders=Count("pk"),
        revenue=Sum("total", filter=Q(status__in=OrderStatus.paid_statuses()), default=Decimal("0.00")),
    )
    return figures


def dashboard_figures(*, now=None) -> dict:
    """What a Manager sees first: today's and this week's sales, and the orders waiting on the shop or the customer."""
    now = timezone.localtime(now or timezone.now())
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    week_start = today - timedelta(days=today.weekday())
    return {
        "today": sales_since(since=today),
        "week": sales_since(since=week_start),
        "today_date": today.date(),
        "week_start_date": week_start.date(),
        "awaiting_shipment": Order.objects.filter(status__in=AWAITING_SHIPMENT).count(),
        "awaiting_payment": Order.objects.filter(status=OrderStatus.PENDING_PAYMENT).count(),
    }


def sales_by_day():
    """One row per day with orders placed (cancelled aside): day, orders, revenue (paid money), newest first.

    Filter it by `created` (the orders behind the rows) to narrow the days.
    """
    return (
        Order.objects.exclude(status=OrderStatus.CANCELLED)
        .annotate(day=TruncDate("created"))
        .values("day")
        .annotate(
            orders=Count("pk"),
            revenue=Sum("total", filter=Q(status__in=OrderStatus.paid_statuses()), default=Decimal("0.00")),
        )
        .order_by("-day")
    )


def top_products():
    """The products that brought in most money, from paid orders' lines, best first.

    Filter it by `order__created` to narrow the period.
    """
    return (
        OrderLine.objects.filter(order__status__in=OrderStatus.paid_statuses())
        .values("product_name")
        .annotate(units=Sum("quantity"), revenue=Sum("line_total"))
        .order_by("-revenue", "product_name")
    )


def customer_orders(*, user):
    """A customer's orders, newest first, and what they have spent (orders whose money arrived and stayed)."""
    orders = Order.objects.filter(user=user).order_by("-created")
    spent = orders.filter(status__in=OrderStatus.paid_statuses()).aggregate(
        spent=Sum("total", default=Decimal("0.00"))
    )["spent"]
    return orders, spent
