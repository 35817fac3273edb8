"""PayPal is asked for the discounted total, and the IPN amount check holds the order to it.

django-paypal's real IPN view and models receive a real IPN body; only PayPal's verification reply
is answered locally (paypal_postback).
"""

from decimal import Decimal

import pytest

from commerce.orders.models import OrderStatus
from commerce.payments.models import Payment

from ..payments.ipn import post_ipn, web_accept_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def discounted_order(customer, make_product, make_code, checkout_with_code):
    make_code("SAVE20", value="20")
    variant = make_product(variants=[("", "24.50", 5)]).variants.get()
    return checkout_with_code(customer, [(variant, 2)], code="SAVE20")  # 49.00 - 9.80 + 4.90


def test_paypal_button_asks_for_the_discounted_total(client, customer, discounted_order):
    assert discounted_order.total == Decimal("44.10")
    client.force_login(customer)
    page = client.get(f"/payments/{discounted_order.reference}/").content.decode()
    assert 'name="amount" value="44.10"' in page


def test_ipn_for_the_discounted_total_marks_the_order_paid(client, discounted_order, paypal_postback):
    post_ipn(client, web_accept_params(discounted_order))  # mc_gross = order.total = 44.10

    discounted_order.refresh_from_db()
    assert discounted_order.status == OrderStatus.PAID
    assert not Payment.objects.get(order=discounted_order).needs_attention


def test_ipn_for_the_undiscounted_total_is_refused(client, discounted_order, paypal_postback):
    post_ipn(client, web_accept_params(discounted_order, mc_gross="53.90"))

    discounted_order.refresh_from_db()
    assert discounted_order.status == OrderStatus.PENDING_PAYMENT
    payment = Payment.objects.get(order=discounted_order)
    assert payment.needs_attention
    assert "amount 53.90 EUR does not equal the order total 44.10" in payment.problems
