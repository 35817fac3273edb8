import pytest
from django.conf import settings as django_settings
from django.test import Client

from catalogue.models import StockRecord
from commerce.orders.models import OrderStatus
from commerce.payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.browser


@pytest.fixture
def dev_server(settings):
    """The ASGI server with the PayPal stand-in on: DEBUG and PAYPAL_TEST set before it forks."""
    settings.DEBUG = True
    settings.PAYPAL_TEST = True
    settings.PAYPAL_POSTBACK_URL = ""
    return settings


def signed_in_page(new_page, server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    return page


def test_customer_cancels_once_then_pays_through_the_paypal_stand_in_and_sees_the_order_paid(
    dev_server, asgi_live_server, new_page, screenshot, customer, make_payable_order
):
    # Checkout is not used here: the order is placed directly, as checkout would leave it.
    order = make_payable_order(user=customer, quantity=2, stock_left=3)
    variant_id = order.lines.get().variant_id
    page = signed_in_page(new_page, asgi_live_server, customer)

    page.goto(f"{asgi_live_server.url}/payments/{order.reference}/")
    assert page.get_by_test_id("pay-total").inner_text() == "53.90 EUR"
    # A first attempt is abandoned at "PayPal"; the customer comes back and tries again.
    page.get_by_role("button", name="Pay with PayPal").click()
    page.get_by_role("link", name="Cancel and return to the shop").click()
    page.wait_for_url(f"**/payments/{order.reference}/cancel/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PENDING_PAYMENT
    page.get_by_role("link", name="Try paying again").click()
    page.wait_for_url(f"**/payments/{order.reference}/")
    page.get_by_role("button", name="Pay with PayPal").click()

    page.wait_for_url("**/payments/paypal-stand-in/")
    assert page.get_by_test_id("stand-in-amount").inner_text() == "53.90 EUR"
    screenshot(page, "stand-in")
    page.get_by_role("button", name="Pay", exact=True).click()

    page.wait_for_url(f"**/payments/{order.reference}/return/")
    assert page.get_by_role("heading", level=1).inner_text() == "Payment received, confirming"
    page.get_by_text("Your payment is confirmed.").wait_for()
    assert page.get_by_test_id("order-status").inner_text() == "Paid"
    assert page.get_by_test_id("order-link").get_attribute("href") == f"/accounts/orders/{order.reference}/"
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.COMPLETED
    assert payment.notifications.get().ipn.flag is False
    assert StockRecord.objects.get(variant_id=variant_id).quantity == 3

    # Paying again is refused: the pay page now leads to the order.
    page.goto(f"{asgi_live_server.url}/payments/{order.reference}/")
    page.wait_for_url(f"**/accounts/orders/{order.reference}/")
