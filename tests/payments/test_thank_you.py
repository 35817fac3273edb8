"""The thank-you page: the order's summary, and a heading that says where the payment really is."""

import json
import re

import pytest

from commerce.orders.models import PaymentMethod
from commerce.orders.settlement import mark_order_paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


def heading(html: str) -> str:
    return re.search(r"<h1[^>]*data-thank-you-heading[^>]*>([^<]*)</h1>", html)[1]


def words(html: str) -> dict:
    return json.loads(re.search(r'<script id="thank-you-words" type="application/json">(.*?)</script>', html, re.S)[1])


def test_the_return_page_shows_the_order_lines_totals_and_address_without_skus(
    customer_client, make_payable_order, customer
):
    order = make_payable_order(user=customer, price="24.50", quantity=2)
    line = order.lines.get()
    html = customer_client.get(f"/payments/{order.reference}/return/").content.decode()
    assert f"2 × {line.product_name}" in html
    assert "€24.50 each" in html
    assert "€49.00" in html  # subtotal
    assert "€53.90" in html  # total with €4.90 shipping
    assert "1 High Street" in html
    assert "LS1 1AA" in html
    assert line.sku not in html


def test_while_paypal_confirms_the_page_says_so_and_carries_the_words_for_paid(
    customer_client, make_payable_order, customer
):
    order = make_payable_order(user=customer)
    html = customer_client.get(f"/payments/{order.reference}/return/").content.decode()
    assert heading(html) == "Payment received, confirming"
    assert words(html)["paid"]["heading"] == "Paid"
    assert 'data-status="pending_payment"' in html
    assert f'data-reference="{order.reference}"' in html
    assert "Pay with PayPal" not in html


def test_once_the_payment_is_in_a_reload_says_paid(customer_client, make_payable_order, customer):
    order = make_payable_order(user=customer)
    mark_order_paid(order=order)
    html = customer_client.get(f"/payments/{order.reference}/return/").content.decode()
    assert heading(html) == "Paid"
    assert "Your payment is confirmed." in html
    assert re.search(r"data-order-status-label>Paid</strong>", html)


def test_a_bank_transfer_order_says_placed_with_the_bank_details_and_a_plain_method_label(
    customer_client, make_payable_order, customer
):
    order = make_payable_order(user=customer, payment_method=PaymentMethod.BANK_TRANSFER)
    html = customer_client.get(f"/payments/{order.reference}/thank-you/").content.decode()
    assert heading(html) == "Thank you, your order is placed"
    assert "Bank transfer" in html
    assert "· None" not in html
    assert "Awaiting payment" in html
    assert "IBAN" in html


def test_another_customer_cannot_open_the_thank_you_page(client, make_payable_order, customer, make_user):
    order = make_payable_order(user=customer)
    client.force_login(make_user())
    assert client.get(f"/payments/{order.reference}/thank-you/").status_code == 404
    assert client.get(f"/payments/{order.reference}/return/").status_code == 404
