import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse

from commerce.orders.models import PaymentMethod
from commerce.orders.settlement import mark_order_paid
from commerce.payments.standin import postback_is_genuine
from core.selectors import store_settings
from tests.fixtures.payments import reload_urlconf

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(make_payable_order, customer):
    return make_payable_order(user=customer)


@pytest.fixture
def customer_client(client, customer):
    client.force_login(customer)
    return client


def test_pay_page_shows_the_paypal_form_for_the_order(customer_client, order, settings):
    settings.PAYPAL_RECEIVER_EMAIL = "shop@example.com"

    response = customer_client.get(f"/payments/{order.reference}/")

    assert response.status_code == 200
    form = response.context["paypal_form"]
    assert form.get_login_url() == "https://www.sandbox.paypal.com/cgi-bin/webscr"
    initial = form.initial
    assert initial["business"] == "shop@example.com"
    assert initial["invoice"] == order.reference
    assert (initial["amount"], initial["currency_code"]) == ("53.90", order.currency)
    assert initial["notify_url"] == "http://testserver/paypal/"
    assert initial["return"] == f"http://testserver/payments/{order.reference}/return/"
    assert initial["cancel_return"] == f"http://testserver/payments/{order.reference}/cancel/"
    assert 'value="53.90"' in response.content.decode()


def test_pay_page_posts_to_live_paypal_when_test_mode_is_off(customer_client, order, settings):
    settings.PAYPAL_TEST = False
    response = customer_client.get(f"/payments/{order.reference}/")
    assert response.context["paypal_form"].get_login_url() == "https://www.paypal.com/cgi-bin/webscr"


def test_pay_page_is_404_for_someone_elses_order(client, order, make_user):
    client.force_login(make_user())
    assert client.get(f"/payments/{order.reference}/").status_code == 404
    assert client.get(f"/payments/{order.reference}/cancel/").status_code == 404
    assert client.get(f"/payments/{order.reference}/return/").status_code == 404


def test_pay_page_is_404_for_an_unknown_reference(customer_client):
    assert customer_client.get("/payments/NOSUCHORDER1/").status_code == 404


def test_pay_page_sends_anonymous_visitors_to_sign_in(client, order):
    response = client.get(f"/payments/{order.reference}/")
    assert response.status_code == 302
    assert "login" in response.url


def test_pay_page_of_a_paid_order_leads_to_the_order(customer_client, order):
    mark_order_paid(order=order)
    response = customer_client.get(f"/payments/{order.reference}/")
    assert response.status_code == 302
    assert response.url == f"/accounts/orders/{order.reference}/"


def test_return_page_says_payment_is_being_confirmed_and_links_to_the_order(customer_client, order):
    response = customer_client.post(f"/payments/{order.reference}/return/", {"txn_id": "X"})
    content = response.content.decode()
    assert "Payment received, confirming" in content
    assert f'href="/accounts/orders/{order.reference}/"' in content


def test_cancel_page_offers_to_try_again(customer_client, order):
    content = customer_client.get(f"/payments/{order.reference}/cancel/").content.decode()
    assert "Payment cancelled" in content
    assert f'href="/payments/{order.reference}/"' in content


def test_payment_panel_shows_bank_details_and_reference_for_a_bank_transfer(
    customer_client, make_payable_order, customer, rf
):
    order = make_payable_order(user=customer, payment_method=PaymentMethod.BANK_TRANSFER)
    shop = store_settings()
    shop.bank_account_name, shop.bank_iban, shop.bank_bic, shop.bank_name = (
        "Teapots Ltd",
        "GB33BUKB20201555555555",
        "BUKBGB22",
        "Barclays",
    )
    shop.save()

    content = customer_client.get(f"/payments/{order.reference}/").content.decode()

    for expected in ("Teapots Ltd", "GB33BUKB20201555555555", "BUKBGB22", "Barclays", order.reference):
        assert expected in content
    assert "paypal-form" not in content


def test_payment_panel_offers_paypal_while_unpaid_and_not_after(order, rf):
    from django.template.loader import render_to_string

    request = rf.get("/")
    assert "Pay with PayPal" in render_to_string("payments/order_payment_panel.html", {"order": order}, request)
    mark_order_paid(order=order)
    html = render_to_string("payments/order_payment_panel.html", {"order": order}, request)
    assert "Pay with PayPal" not in html


def test_the_stand_in_is_mounted_only_in_development_with_paypal_test(client, paypal_stand_in):
    postback = reverse("payments:stand_in_postback")
    assert client.post(postback, "cmd=_notify-validate", content_type="text/plain").content == b"INVALID"

    for debug, paypal_test in [(False, True), (True, False)]:
        paypal_stand_in.DEBUG, paypal_stand_in.PAYPAL_TEST = debug, paypal_test
        reload_urlconf()
        with pytest.raises(NoReverseMatch):
            reverse("payments:stand_in_postback")
        assert client.post(postback, "cmd=_notify-validate", content_type="text/plain").status_code in {404, 405}


def test_stand_in_verifies_only_the_ipns_it_signed():
    from commerce.payments.standin import build_ipn_body

    body = build_ipn_body(
        form_data={"invoice": "ABC", "amount": "1.00"}, payer_email="a@b.c", first_name="Jörg", last_name="X"
    )
    assert postback_is_genuine(b"cmd=_notify-validate&" + body)
    assert not postback_is_genuine(b"cmd=_notify-validate&" + body.replace(b"mc_gross=1.00", b"mc_gross=0.01"))
    assert not postback_is_genuine(body)


def test_status_endpoint_reports_the_order_and_payment_status_to_its_owner_only(customer_client, order, make_user):
    url = f"/payments/{order.reference}/status/"
    assert customer_client.get(url).json() == {
        "status": "pending_payment",
        "status_label": "Awaiting payment",
        "payment_status": "none",
    }
    mark_order_paid(order=order)
    assert customer_client.get(url).json()["status"] == "paid"
    other = Client()
    other.force_login(make_user())
    assert other.get(url).status_code == 404
