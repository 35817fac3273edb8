import pytest
from django.test import Client

from catalogue.models import Review
from catalogue.selectors import can_review
from commerce.orders.services import change_order_status
from commerce.orders.settlement import mark_order_paid, refund_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(make_product):
    return make_product("Enamel Mug", variants=[("", "12.00", 20)])


@pytest.fixture
def buyer(customer, product, make_order):
    order = make_order(customer, [(product.variants.get(), 1)])
    mark_order_paid(order=order)
    return customer


def review(client, product, **fields):
    data = {"rating": 5, "title": "Lovely", "body": "Keeps tea hot.", **fields}
    return client.post(f"/reviews/{product.pk}/", data)


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


@pytest.mark.parametrize("later_status", ["processing", "shipped"])
def test_orders_further_along_still_count(customer, product, make_order, later_status):
    order = make_order(customer, [(product.variants.get(), 1)])
    mark_order_paid(order=order)
    change_order_status(order=order, to_status=later_status)
    assert can_review(user=customer, product=product)


def test_a_refunded_or_cancelled_order_does_not_count(customer, product, make_order):
    cancelled = make_order(customer, [(product.variants.get(), 1)], token="cancelled")
    change_order_status(order=cancelled, to_status="cancelled")
    refunded = make_order(customer, [(product.variants.get(), 1)], token="refunded")
    mark_order_paid(order=refunded)
    refund_order(order=refunded)
    assert not can_review(user=customer, product=product)


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


def test_only_approved_reviews_show_with_their_average(client, product, make_user):
    for rating, approved in [(5, True), (4, True), (1, False)]:
        Review.objects.create(
            product=product,
            author=make_user(),
            author_name="A",
            rating=rating,
            title=f"{rating} stars",
            body="Text",
            approved=approved,
        )
    html = client.get(product.url).content.decode()
    assert "5 stars" in html
    assert "4 stars" in html
    assert "1 stars" not in html
    assert "★ 4.5 / 5 (2 reviews)" in html


def test_a_manager_approves_a_review_in_the_admin(client, manager, product, make_user):
    pending = Review.objects.create(
        product=product, author=make_user(), author_name="A", rating=4, title="Nice", body="Text"
    )
    client.force_login(manager)
    listing = client.get("/admin/snippets/catalogue/review/?approved=false")
    assert "Nice" in listing.content.decode()
    response = client.post(
        f"/admin/snippets/catalogue/review/edit/{pending.pk}/",
        {"approved": "on", "rating": "4", "title": "Nice", "body": "Text"},
    )
    assert response.status_code == 302, response.context["form"].errors
    pending.refresh_from_db()
    assert pending.approved
    assert "Nice" in Client().get(product.url).content.decode()


def test_an_agent_cannot_moderate_reviews(client, agent):
    client.force_login(agent)
    assert client.get("/admin/snippets/catalogue/review/").status_code in {302, 403}


def test_reviews_need_a_csrf_token(buyer, product):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(buyer)
    assert strict.post(f"/reviews/{product.pk}/", {"rating": 5, "title": "x", "body": "y"}).status_code == 403
