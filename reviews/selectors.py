"""Review reads. A product page costs the same queries whatever its number of reviews."""

from django.db.models import Avg, Count

from catalogue.models import ProductPage
from commerce.orders.models import OrderLine, OrderStatus

from .models import Review


def approved_reviews(*, product: ProductPage):
    return Review.objects.filter(product=product, approved=True).select_related("author").order_by("-created")


def review_summary(*, product: ProductPage) -> dict:
    """{"average": rating to one decimal place or None, "count": approved reviews}."""
    summary = Review.objects.filter(product=product, approved=True).aggregate(average=Avg("rating"), count=Count("pk"))
    if summary["average"] is not None:
        summary["average"] = round(summary["average"], 1)
    return summary


def can_review(*, user, product: ProductPage) -> bool:
    """A signed-in, verified customer with a paid order line for the product, who has not reviewed it yet."""
    if not user.is_authenticated or not user.email_verified:
        return False
    has_bought = OrderLine.objects.filter(
        order__user=user, order__status__in=OrderStatus.paid_statuses(), product=product
    ).exists()
    return has_bought and not Review.objects.filter(product=product, author=user).exists()
