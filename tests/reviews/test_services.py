import pytest

from reviews import services
from reviews.models import Review

pytestmark = pytest.mark.django_db


def test_moderating_in_bulk_applies_one_decision_to_every_review(product, make_review):
    reviews = [make_review(product, title=f"R{n}") for n in range(3)]
    assert services.moderate_reviews(reviews=reviews[:2], decision="reject") == 2
    assert [Review.objects.get(pk=r.pk).rejected for r in reviews] == [True, True, False]
    assert services.moderate_reviews(reviews=reviews, decision="approve") == 3
    assert all((r.approved, r.rejected) == (True, False) for r in Review.objects.all())


def test_an_unknown_decision_changes_nothing(product, make_review):
    review = make_review(product)
    with pytest.raises(ValueError):
        services.moderate_reviews(reviews=[review], decision="delete")
    review.refresh_from_db()
    assert (review.approved, review.rejected) == (False, False)


def test_a_review_is_never_approved_and_rejected_at_once(product, make_review):
    from django.db import IntegrityError, transaction

    review = make_review(product)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(approved=True, rejected=True)


def test_an_approved_review_shows_at_once_on_a_cached_product_page(
    page_cache, product, make_review, django_capture_on_commit_callbacks
):
    from django.test import Client

    review = make_review(product, title="Keeps tea hot")
    assert "Keeps tea hot" not in Client().get(product.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.set_review_approval(review=review, approved=True)
    assert "Keeps tea hot" in Client().get(product.url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        services.reject_review(review=review)
    assert "Keeps tea hot" not in Client().get(product.url).content.decode()
