"""Review writes: submission by customers and moderation by Managers."""

from django.db import transaction

from catalogue.models import ProductPage

from .models import Review
from .selectors import can_review


class ReviewNotAllowed(Exception):
    pass


@transaction.atomic
def submit_review(*, user, product: ProductPage, rating: int, title: str, body: str) -> Review:
    """Store a review awaiting moderation, only from a verified buyer who has not reviewed it yet."""
    if not can_review(user=user, product=product):
        raise ReviewNotAllowed("Only verified customers who bought this product can review it, once.")
    return Review.objects.create(product=product, author=user, rating=rating, title=title, body=body)


@transaction.atomic
def set_review_approval(*, review: Review, approved: bool) -> Review:
    """Publish (approved) or withdraw a review; the only way a review's approval changes."""
    review.approved = approved
    review.save(update_fields=["approved"])
    return review
