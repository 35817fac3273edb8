"""Review reads. A product page costs the same queries whatever its number of reviews."""

from catalogue.models import ProductPage
from commerce.orders.models import OrderLine, OrderStatus

from .models import Review


def approved_reviews(*, product: ProductPage) -> list[Review]:
    """Newest first, read once per product object: the rating beside the title, the structured data
    and the list below the product share one query."""
    if not hasattr(product, "_approved_reviews"):
        reviews = Review.objects.filter(product=product, approved=True).select_related("author").order_by("-created")
        product._approved_reviews = list(reviews)
    return product._approved_reviews


def review_summary(*, product: ProductPage) -> dict:
    """{"average": rating to one decimal place or None, "count": approved reviews}."""
    ratings = [review.rating for review in approved_reviews(product=product)]
    return {"average": round(sum(ratings) / len(ratings), 1) if ratings else None, "count": len(ratings)}


def can_review(*, user, product: ProductPage) -> bool:
    """A signed-in, verified customer with a paid order line for the product, who has not reviewed it yet."""
    if not user.is_authenticated or not user.email_verified:
        return False
    has_bought = OrderLine.objects.filter(
        order__user=user, order__status__in=OrderStatus.paid_statuses(), product=product
    ).exists()
    return has_bought and not Review.objects.filter(product=product, author=user).exists()
