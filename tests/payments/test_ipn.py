from decimal import Decimal

import pytest
from django.core import mail
from paypal.standard.ipn.models import PayPalIPN

from catalogue.models import StockRecord
from commerce.orders.models import OrderEvent, OrderStatus
from commerce.payments.models import Payment, PaymentNotification, PaymentStatus

from .ipn import post_ipn, refund_params, web_accept_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(make_payable_order, customer):
    return make_payable_order(user=customer)


def test_valid_ipn_marks_the_order_paid_and_records_the_transaction(client, order, paypal_postback):
    response = post_ipn(client, web_accept_params(order))

    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    payment = Payment.objects.get(order=order)
    assert (payment.status, payment.txn_id, payment.needs_attention) == (
        PaymentStatus.COMPLETED,
        "61E67681CH3238416",
        False,
    )
    notification = payment.notifications.get()
    assert notification.outcome == PaymentNotification.Outcome.APPLIED
    assert notification.ipn.first_name == "Jörg"  # decoded with the body's windows-1252 charset
    # The shop verified the IPN by posting back exactly what it received.
    assert paypal_postback.bodies[0].startswith(b"cmd=_notify-validate&mc_gross=")


def test_valid_ipn_in_utf8_marks_the_order_paid(client, order, paypal_postback):
    post_ipn(client, web_accept_params(order), charset="UTF-8")

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert PayPalIPN.objects.get().last_name == "Müller"


def test_paid_order_sends_the_paid_email(client, order, paypal_postback, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        post_ipn(client, web_accept_params(order))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    if not mail.outbox:
        pytest.xfail("The orders feature does not send status emails yet.")
    assert any(order.reference in message.body or order.reference in message.subject for message in mail.outbox)


def test_replayed_ipn_changes_nothing(client, order, paypal_postback):
    params = web_accept_params(order)
    for _ in range(3):
        assert post_ipn(client, params).status_code == 200

    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.COMPLETED
    assert not payment.needs_attention
    assert PayPalIPN.objects.count() == 3
    assert payment.notifications.count() == 3


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"receiver_email": "someone-else@example.com"}, "receiver"),
        ({"mc_gross": "1.00"}, "amount"),
        ({"mc_gross": "53.91"}, "amount"),
        ({"mc_currency": "USD"}, "currency"),
    ],
    ids=["wrong-receiver", "wrong-amount", "a-cent-over", "wrong-currency"],
)
def test_mismatched_ipn_leaves_the_order_unpaid_and_flags_it_for_staff(
    client, order, paypal_postback, overrides, problem
):
    assert order.total == Decimal("53.90")

    post_ipn(client, web_accept_params(order, **overrides))

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    payment = Payment.objects.get(order=order)
    assert payment.needs_attention
    assert problem in payment.problems
    assert payment.txn_id is None
    assert payment.notifications.get().outcome == PaymentNotification.Outcome.REJECTED


def test_ipn_for_an_unknown_invoice_marks_nothing_paid(client, order, paypal_postback):
    post_ipn(client, web_accept_params(order, invoice="NOSUCHORDER1"))

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert PayPalIPN.objects.get().invoice == "NOSUCHORDER1"
    assert not PaymentNotification.objects.exists()


def test_ipn_that_paypal_calls_invalid_leaves_the_order_unpaid(client, order, paypal_postback, caplog):
    paypal_postback.reply = "INVALID"

    assert post_ipn(client, web_accept_params(order)).status_code == 200

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert PayPalIPN.objects.get().flag
    assert Payment.objects.get(order=order).notifications.get().outcome == PaymentNotification.Outcome.REJECTED
    assert "flagged" in caplog.text


def test_pending_ipn_leaves_the_order_unpaid_and_the_payment_pending(client, order, paypal_postback):
    post_ipn(client, web_accept_params(order, payment_status="Pending", pending_reason="echeck"))

    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert Payment.objects.get(order=order).status == PaymentStatus.PENDING


def test_completed_after_pending_marks_the_order_paid(client, order, paypal_postback):
    post_ipn(client, web_accept_params(order, payment_status="Pending", pending_reason="echeck"))
    post_ipn(client, web_accept_params(order))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID


def test_ipn_for_a_cancelled_order_is_recorded_for_staff_not_applied(client, order, paypal_postback):
    from commerce.orders.services import cancel_order

    cancel_order(order=order)
    post_ipn(client, web_accept_params(order))

    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED
    assert "not awaiting payment" in Payment.objects.get(order=order).problems


def test_refund_ipn_refunds_the_paid_order_and_returns_the_stock(client, order, paypal_postback):
    variant_id = order.lines.get().variant_id
    post_ipn(client, web_accept_params(order))
    assert StockRecord.objects.get(variant_id=variant_id).quantity == 3

    post_ipn(client, refund_params(order, parent_txn_id="61E67681CH3238416"))

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert StockRecord.objects.get(variant_id=variant_id).quantity == 5
    assert Payment.objects.get(order=order).status == PaymentStatus.REFUNDED


def test_reversal_ipn_without_invoice_refunds_the_order_once(client, order, paypal_postback):
    variant_id = order.lines.get().variant_id
    post_ipn(client, web_accept_params(order))
    reversal = refund_params(
        order, parent_txn_id="61E67681CH3238416", payment_status="Reversed", reason_code="chargeback", invoice=None
    )
    post_ipn(client, reversal)
    post_ipn(client, reversal)

    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert StockRecord.objects.get(variant_id=variant_id).quantity == 5


def test_partial_refund_is_left_for_staff(client, order, paypal_postback):
    post_ipn(client, web_accept_params(order))
    post_ipn(client, refund_params(order, parent_txn_id="61E67681CH3238416", mc_gross="-10.00"))

    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert Payment.objects.get(order=order).needs_attention


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"txn_id": "1"}', "application/json"),
        ("", "application/x-www-form-urlencoded"),
        ("payment_status=Completed&charset=windows-1252", "application/x-www-form-urlencoded"),
        (
            "receiver_email=a%40b.c&verify_sign=x&txn_type=web_accept&charset=no-such-charset",
            "application/x-www-form-urlencoded",
        ),
        (
            b"receiver_email=a@b.c&verify_sign=x&txn_type=web_accept&first_name=J\xf6rg",
            "application/x-www-form-urlencoded",
        ),
        (
            "receiver_email=a%40b.c&verify_sign=x&txn_type=web_accept&mc_gross=lots&charset=UTF-8",
            "application/x-www-form-urlencoded",
        ),
    ],
    ids=["json", "empty", "missing-fields", "bad-charset", "raw-non-ascii", "bad-amount"],
)
def test_malformed_ipn_is_refused_with_a_4xx(client, paypal_postback, body, content_type):
    response = client.post("/paypal/", body, content_type=content_type)

    assert 400 <= response.status_code < 500
    assert not PayPalIPN.objects.exists()
    assert paypal_postback.bodies == []


def test_ipn_endpoint_refuses_get(client):
    assert client.get("/paypal/").status_code == 405


def test_slow_postback_times_out_and_asks_paypal_to_retry(client, order, paypal_postback):
    paypal_postback.hold = True  # the server waits on an Event the test only sets afterwards

    response = post_ipn(client, web_accept_params(order))
    paypal_postback.release.set()

    assert response.status_code == 503
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    ipn = PayPalIPN.objects.get()
    assert ipn.flag
    assert "Postback failed" in ipn.flag_info


def test_ipn_is_verified_with_paypal_itself_when_no_postback_url_is_set(settings):
    from commerce.payments.models import TimedPayPalIPN

    settings.PAYPAL_POSTBACK_URL = "http://127.0.0.1:9/"
    settings.PAYPAL_TEST = False
    assert TimedPayPalIPN(test_ipn=True).get_endpoint() == "https://ipnpb.paypal.com/cgi-bin/webscr"
    settings.PAYPAL_TEST = True
    settings.PAYPAL_POSTBACK_URL = ""
    assert TimedPayPalIPN().get_endpoint() == "https://ipnpb.sandbox.paypal.com/cgi-bin/webscr"
