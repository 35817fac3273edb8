"""The thank-you page follows the order's real status: open while PayPal's notification is on its way,
it turns to "Paid" by itself once the IPN lands, with no reload."""

import pytest
from django.conf import settings as django_settings
from django.test import Client

from commerce.orders.models import OrderStatus

pytestmark = pytest.mark.browser


def signed_in_page(new_page, server, user):
    client = Client()
    client.force_login(user)
    page = new_page()
    cookie = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": django_settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    return page


def test_the_thank_you_page_turns_to_paid_when_the_ipn_lands(
    paypal_stand_in, asgi_live_server, new_page, screenshot, customer, make_payable_order
):
    order = make_payable_order(user=customer, price="24.50", quantity=2)
    thank_you = signed_in_page(new_page, asgi_live_server, customer)
    thank_you.goto(f"{asgi_live_server.url}/payments/{order.reference}/return/")
    heading = thank_you.get_by_test_id("thank-you-heading")
    assert heading.inner_text() == "Payment received, confirming"
    assert thank_you.get_by_test_id("order-total").inner_text() == "€53.90"
    assert "1 High Street" in thank_you.get_by_test_id("shipping-address").inner_text()
    screenshot(thank_you, "confirming")

    # PayPal's notification arrives while the page is open: the stand-in sends the IPN to the server.
    payer = signed_in_page(new_page, asgi_live_server, customer)
    payer.goto(f"{asgi_live_server.url}/payments/{order.reference}/")
    payer.get_by_role("button", name="Pay with PayPal").click()
    payer.wait_for_url("**/payments/paypal-stand-in/")
    payer.get_by_role("button", name="Pay", exact=True).click()
    payer.wait_for_url(f"**/payments/{order.reference}/return/")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    thank_you.get_by_test_id("thank-you-heading").filter(has_text="Paid").wait_for()
    assert heading.inner_text() == "Paid"
    assert thank_you.get_by_test_id("order-status").inner_text() == "Paid"
    assert "Your payment is confirmed." in thank_you.get_by_test_id("payment-note").inner_text()
    screenshot(thank_you, "paid")
