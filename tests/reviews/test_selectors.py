import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commerce.orders.services import change_order_status
from commerce.orders.settlement import mark_order_paid, refund_order
from reviews.selectors import can_review
from reviews.services import ReviewNotAllowed, submit_review

pytestmark = pytest.mark.django_db


def test_an_unpaid_order_does_not_make_a_customer_eligible(customer, product, make_order):
    make_order(customer, [(product.variants.get(), 1)])
    assert not can_review(user=customer, product=product)
    with pytest.raises(ReviewNotAllowed):
        submit_review(user=customer, product=product, rating=5, title="Early", body="Not paid yet")


def test_a_paid_order_allows_exactly_one_review(buyer, product):
    assert can_review(user=buyer, product=product)
    submit_review(user=buyer, product=product, rating=5, title="Lovely", body="Keeps tea hot.")
    assert not can_review(user=buyer, product=product)
    with pytest.raises(ReviewNotAllowed):
        submit_review(user=buyer, product=product, rating=1, title="Again", body="Twice")


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


def test_visitors_and_unverified_buyers_are_not_eligible(buyer, product):
    assert not can_review(user=AnonymousUser(), product=product)
    buyer.email_verified = False
    assert not can_review(user=buyer, product=product)


def page_queries(client, product):
    client.get(product.url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(product.url).status_code == 200
    return len(captured.captured_queries)


def test_a_product_page_costs_the_same_queries_with_one_or_ten_reviews(client, buyer, product, make_review):
    client.force_login(buyer)
    make_review(product, approved=True)
    one = page_queries(client, product)
    for _ in range(9):
        make_review(product, approved=True)
    assert "(10 reviews)" in client.get(product.url).content.decode()
    assert page_queries(client, product) == one
