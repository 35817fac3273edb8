from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from reviews import services
from reviews.models import Review

pytestmark = pytest.mark.django_db

LISTING = "/admin/snippets/reviews/review/"


def bulk_url(action, *reviews):
    return f"/admin/bulk/reviews/review/{action}/?" + "&".join(f"id={review.pk}" for review in reviews)


def test_a_manager_approves_a_review_from_the_listing(client, manager, product, make_review):
    pending = make_review(product, title="Nice")
    client.force_login(manager)
    listing = client.get(LISTING, {"moderation": "waiting"}).content.decode()
    assert "Nice" in listing
    assert bulk_url("approve", pending).replace("&", "&amp;") in listing  # the row's own "Approve" button
    assert "Nice" in client.get(bulk_url("approve", pending)).content.decode()  # confirmation

    with mock.patch("reviews.wagtail_hooks.moderate_reviews", wraps=services.moderate_reviews) as service:
        response = client.post(bulk_url("approve", pending))

    assert response.status_code == 302
    service.assert_called_once_with(reviews=[pending], decision="approve")
    pending.refresh_from_db()
    assert pending.approved
    assert "Nice" in Client().get(product.url).content.decode()


def test_a_manager_unapproves_several_reviews_at_once_through_the_service(client, manager, product, make_review):
    shown = [make_review(product, title=f"Shown {n}", approved=True) for n in range(3)]
    client.force_login(manager)

    with mock.patch("reviews.services.set_review_approval", wraps=services.set_review_approval) as service:
        response = client.post(bulk_url("unapprove", *shown[:2]))

    assert response.status_code == 302
    assert service.call_count == 2
    assert list(Review.objects.filter(approved=True)) == [shown[2]]


def test_a_manager_rejects_one_review_from_its_row(client, manager, product, make_review):
    pending = make_review(product, title="Spam spam")
    make_review(product, title="Fine")
    client.force_login(manager)
    listing = client.get(LISTING, {"moderation": "waiting"}).content.decode()
    assert bulk_url("reject", pending).replace("&", "&amp;") in listing  # the row's own "Reject" button

    with mock.patch("reviews.wagtail_hooks.moderate_reviews", wraps=services.moderate_reviews) as service:
        assert client.post(bulk_url("reject", pending)).status_code == 302

    service.assert_called_once_with(reviews=[pending], decision="reject")
    pending.refresh_from_db()
    assert (pending.approved, pending.rejected) == (False, True)
    queue = client.get(LISTING, {"moderation": "waiting"}).content.decode()
    assert "Fine" in queue
    assert "Spam spam" not in queue
    assert "Spam spam" in client.get(LISTING, {"moderation": "rejected"}).content.decode()
    assert "Spam spam" not in Client().get(product.url).content.decode()


def test_a_manager_rejects_several_reviews_at_once_including_an_approved_one(client, manager, product, make_review):
    waiting = [make_review(product, title=f"Waiting {n}") for n in range(2)]
    shown = make_review(product, title="Shown", approved=True)
    kept = make_review(product, title="Kept")
    client.force_login(manager)

    assert client.post(bulk_url("reject", *waiting, shown)).status_code == 302

    assert set(Review.objects.filter(rejected=True)) == {*waiting, shown}
    assert not Review.objects.filter(approved=True).exists()
    kept.refresh_from_db()
    assert (kept.approved, kept.rejected) == (False, False)


def test_approving_a_rejected_review_publishes_it(client, manager, product, make_review):
    review = services.reject_review(review=make_review(product, title="Second thoughts"))
    client.force_login(manager)
    assert client.post(bulk_url("approve", review)).status_code == 302
    review.refresh_from_db()
    assert (review.approved, review.rejected) == (True, False)
    assert "Second thoughts" in Client().get(product.url).content.decode()


def test_the_dashboard_counts_only_reviews_waiting_and_links_to_the_queue(client, manager, product, make_review):
    make_review(product, title="Waiting")
    make_review(product, title="Shown", approved=True)
    services.reject_review(review=make_review(product, title="Rejected"))
    client.force_login(manager)
    dashboard = client.get("/admin/").content.decode()
    assert f"{LISTING}?moderation=waiting" in dashboard
    from reviews.admin_panels import ReviewsWaitingPanel

    assert ReviewsWaitingPanel().get_context_data()["waiting"] == 1


def test_an_agent_cannot_reject_reviews(client, agent, product, make_review):
    pending = make_review(product)
    client.force_login(agent)
    client.post(bulk_url("reject", pending))
    pending.refresh_from_db()
    assert not pending.rejected


def test_the_edit_screen_cannot_change_approval(client, manager, product, make_review):
    pending = make_review(product, title="Nice")
    client.force_login(manager)
    response = client.post(
        f"{LISTING}edit/{pending.pk}/", {"approved": "on", "rating": "3", "title": "Nicer", "body": "Text"}
    )
    assert response.status_code == 302, response.context["form"].errors
    pending.refresh_from_db()
    assert (pending.title, pending.approved) == ("Nicer", False)


def test_reviews_stay_in_the_catalogue_menu_between_categories_and_inventory(client, manager):
    client.force_login(manager)
    menu = client.get("/admin/").content.decode()
    categories, reviews, inventory = (menu.index(url) for url in ["catalogue/category/", LISTING, "/admin/inventory/"])
    assert categories < reviews < inventory


def test_an_agent_cannot_moderate_reviews(client, agent, product, make_review):
    pending = make_review(product)
    client.force_login(agent)
    assert client.get(LISTING).status_code in {302, 403}
    client.post(bulk_url("approve", pending))
    pending.refresh_from_db()
    assert not pending.approved


def test_staff_cannot_write_a_review_in_the_admin(client, manager):
    client.force_login(manager)
    assert client.get(reverse("wagtailsnippets_reviews_review:add")).status_code in {302, 403}
    assert "Add review" not in client.get(reverse("wagtailsnippets_reviews_review:list")).content.decode()
