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
    listing = client.get(LISTING, {"approved": "false"}).content.decode()
    assert "Nice" in listing
    assert bulk_url("approve", pending).replace("&", "&amp;") in listing  # the row's own "Approve" button
    assert "Nice" in client.get(bulk_url("approve", pending)).content.decode()  # confirmation

    with mock.patch("reviews.wagtail_hooks.set_review_approval", wraps=services.set_review_approval) as service:
        response = client.post(bulk_url("approve", pending))

    assert response.status_code == 302
    service.assert_called_once_with(review=pending, approved=True)
    pending.refresh_from_db()
    assert pending.approved
    assert "Nice" in Client().get(product.url).content.decode()


def test_a_manager_unapproves_several_reviews_at_once_through_the_service(client, manager, product, make_review):
    shown = [make_review(product, title=f"Shown {n}", approved=True) for n in range(3)]
    client.force_login(manager)

    with mock.patch("reviews.wagtail_hooks.set_review_approval", wraps=services.set_review_approval) as service:
        response = client.post(bulk_url("unapprove", *shown[:2]))

    assert response.status_code == 302
    assert service.call_count == 2
    assert list(Review.objects.filter(approved=True)) == [shown[2]]


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
