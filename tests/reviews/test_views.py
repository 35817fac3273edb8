import pytest
from django.test import Client
from django.urls import reverse

from reviews.models import Review

pytestmark = pytest.mark.django_db


def review(client, product, **fields):
    data = {"rating": 5, "title": "Lovely", "body": "Keeps tea hot.", **fields}
    return client.post(f"/reviews/{product.pk}/", data)


def test_the_review_url_keeps_its_path(product):
    assert reverse("reviews:create", args=[product.pk]) == f"/reviews/{product.pk}/"


def test_a_verified_customer_with_a_paid_order_may_review_once(client, buyer, product):
    client.force_login(buyer)
    assert 'data-testid="review-form"' in client.get(product.url).content.decode()
    review(client, product)
    assert Review.objects.get().approved is False
    assert 'data-testid="review-form"' not in client.get(product.url).content.decode()
    review(client, product, title="Again")
    assert Review.objects.count() == 1


def test_an_unpaid_order_does_not_allow_a_review(client, customer, product, make_order):
    make_order(customer, [(product.variants.get(), 1)])
    client.force_login(customer)
    assert 'data-testid="review-form"' not in client.get(product.url).content.decode()
    review(client, product)
    assert Review.objects.count() == 0


def test_buying_another_product_does_not_allow_reviewing_this_one(client, buyer, make_product):
    other = make_product("Oak Board")
    client.force_login(buyer)
    review(client, other)
    assert Review.objects.count() == 0


def test_unverified_buyers_and_visitors_cannot_review(client, buyer, product):
    buyer.email_verified = False
    buyer.save()
    client.force_login(buyer)
    review(client, product)
    client.logout()
    response = review(client, product)
    assert response["Location"].startswith("/accounts/login/")
    assert Review.objects.count() == 0


def test_bad_ratings_are_refused(client, buyer, product):
    client.force_login(buyer)
    for rating in ["0", "6", "-1", "five"]:
        review(client, product, rating=rating)
    assert Review.objects.count() == 0


def test_only_approved_reviews_show_with_their_average(client, product, make_review):
    for rating, approved in [(5, True), (4, True), (1, False)]:
        make_review(product, rating=rating, title=f"{rating} stars", approved=approved)
    html = client.get(product.url).content.decode()
    assert "5 stars" in html
    assert "4 stars" in html
    assert "1 stars" not in html
    assert "★ 4.5 / 5 (2 reviews)" in html


def test_a_review_shows_its_authors_first_name_only(client, product, make_review, make_user):
    author = make_user(first_name="Robin", last_name="Hood", email="robin.hood@example.com")
    make_review(product, author=author, approved=True)
    html = client.get(product.url).content.decode()
    assert "Robin," in html
    assert "Hood" not in html
    assert "robin.hood" not in html


def test_reviews_need_a_csrf_token(buyer, product):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(buyer)
    assert strict.post(f"/reviews/{product.pk}/", {"rating": 5, "title": "x", "body": "y"}).status_code == 403
