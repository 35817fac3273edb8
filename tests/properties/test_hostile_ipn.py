"""Property tests over PayPal IPN bodies, with PayPal's verification answering VERIFIED to all of
them (the worst case: a forged body PayPal would vouch for). No server error; the order becomes
paid only when receiver, invoice, amount, currency and status all still match; a refused body
(4xx) stores nothing."""

from decimal import Decimal, InvalidOperation

import pytest
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from paypal.standard.ipn.models import PayPalIPN

from commerce.orders.models import OrderStatus
from commerce.payments.models import Payment, PaymentStatus
from tests.payments.ipn import post_ipn, web_accept_params
from tests.properties.test_hostile_forms import hostile

pytestmark = pytest.mark.django_db

SOME = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# What the shop checks before an order is paid (commerce/payments/services.py).
DECISIVE = ["receiver_email", "invoice", "mc_gross", "mc_currency", "payment_status"]
OTHER = ["txn_id", "txn_type", "business", "first_name", "last_name", "custom", "item_name", "payer_email", "mc_fee"]


@pytest.fixture
def unpaid_order(make_payable_order):
    return make_payable_order()


def same(key: str, value: str, original: str) -> bool:
    """Whether a changed field still means what the original did to the shop's checks."""
    if key == "receiver_email":
        return value.strip().lower() == original.strip().lower()
    if key == "mc_gross":
        try:
            return Decimal(value) == Decimal(original)
        except (InvalidOperation, ValueError):
            return False
    return value == original


@SOME
@given(
    changes=st.dictionaries(st.sampled_from(DECISIVE + OTHER), hostile, max_size=3),
    extra=st.dictionaries(st.text(min_size=1, max_size=12), st.text(max_size=20), max_size=3),
)
@example(changes={}, extra={})
def test_any_verified_ipn_pays_the_order_only_when_receiver_invoice_amount_currency_and_status_match(
    make_payable_order, paypal_postback, changes, extra
):
    order = make_payable_order()
    original = web_accept_params(order, txn_id=f"TXN{order.pk}")  # each example a new transaction
    params = {**{k: v for k, v in extra.items() if k not in original and k != "charset"}, **original, **changes}

    response = post_ipn(Client(raise_request_exception=False), params, charset="UTF-8")

    assert response.status_code < 500
    order.refresh_from_db()
    payment = Payment.objects.get(order=order)
    spoiled = [key for key in DECISIVE if key in changes and not same(key, changes[key], original[key])]
    event("paid" if order.status == OrderStatus.PAID else "unpaid")
    if spoiled:
        assert order.status == OrderStatus.PENDING_PAYMENT, spoiled
        assert payment.status != PaymentStatus.COMPLETED
    if response.status_code >= 400:
        assert order.status == OrderStatus.PENDING_PAYMENT
        assert not PayPalIPN.objects.filter(invoice=order.reference).exists()
    if not changes and not extra:
        assert order.status == OrderStatus.PAID  # the untouched notification does pay


@SOME
@given(
    body=st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)),
    content_type=st.sampled_from(
        ["application/x-www-form-urlencoded", "application/json", "text/plain", "multipart/form-data"]
    ),
)
def test_any_raw_ipn_body_is_answered_without_a_server_error_and_pays_nothing(
    unpaid_order, paypal_postback, body, content_type
):
    order = unpaid_order  # one for all examples: none of them may pay it
    ipns = PayPalIPN.objects.count()

    response = Client(raise_request_exception=False).post("/paypal/", body, content_type=content_type)

    assert response.status_code < 500
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    event(f"status {response.status_code}")
    if response.status_code >= 400:
        assert PayPalIPN.objects.count() == ipns
