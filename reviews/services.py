"""Review writes: submission by customers and moderation by Managers."""

from collections.abc import Iterable

from django.db import transaction

from catalogue.models import ProductPage
from core.pagecache import purge_on_commit

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
    """Publish (approved) or withdraw a review back to the queue; approving a rejected review
    un-rejects it. With reject_review, the only ways a review's moderation state changes."""
    review.approved = approved
    review.rejected = False
    review.save(update_fields=["approved", "rejected"])
    purge_on_commit()  # the product page shows its approved reviews and their rating
    return review


@transaction.atomic
def reject_review(*, review: Review) -> Review:
    """Keep a review off the site and out of the moderation queue (it is not deleted)."""
    review.approved = False
    review.rejected = True
    review.save(update_fields=["approved", "rejected"])
    purge_on_commit()
    return review


@transaction.atomic
def moderate_reviews(*, reviews: Iterable[Review], decision: str) -> int:
    """Apply one decision ("approve", "unapprove" or "reject") to every review, all or none; the count."""
    actions = {
        "approve": lambda review: set_review_approval(review=review, approved=True),
        "unapprove": lambda review: set_review_approval(review=review, approved=False),
        "reject": lambda review: reject_review(review=review),
    }
    if decision not in actions:
        raise ValueError(f"Unknown moderation decision: {decision}")
    count = 0
    for review in reviews:
        actions[decision](review)
        count += 1
    return count
