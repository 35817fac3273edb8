"""The thank-you page follows the order's real status: open while PayPal's notification is on its way,
it turns to "Paid" by itself once the IPN lands, with no reload."""

import pytest

from commerce.orders.models import OrderStatus

from .steps import pay_through_the_stand_in, signed_in_page

pytestmark = pytest.mark.browser


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
    pay_through_the_stand_in(payer, order)
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    thank_you.get_by_test_id("thank-you-heading").filter(has_text="Paid").wait_for()
    assert heading.inner_text() == "Paid"
    assert thank_you.get_by_test_id("order-status").inner_text() == "Paid"
    assert "Your payment is confirmed." in thank_you.get_by_test_id("payment-note").inner_text()
    screenshot(thank_you, "paid")
