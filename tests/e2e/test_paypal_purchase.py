import re
from decimal import Decimal

import pytest

from catalogue.models import StockRecord
from commerce.orders.models import Order, OrderStatus, ShippingMethod
from commerce.payments.models import Payment, PaymentStatus

from .steps import choose_shipping_and_paypal, fill_new_address, pay_through_the_stand_in, signed_in_page

pytestmark = pytest.mark.browser


def test_customer_buys_a_product_abandons_paypal_once_then_pays_through_the_stand_in_and_sees_it_paid(
    paypal_stand_in, asgi_live_server, new_page, screenshot, customer, make_product
):
    product = make_product("Copper kettle", variants=(("", "49.00", 3),))
    variant_id = product.variants.get().pk
    standard = ShippingMethod.objects.create(name="Standard", price=Decimal("4.90"))
    page = signed_in_page(new_page, asgi_live_server, customer)

    page.goto(asgi_live_server.url + product.url)
    page.get_by_test_id("add-to-cart").get_by_role("button", name="Add to cart").click()
    page.goto(asgi_live_server.url + "/cart/")
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/")
    form = page.get_by_test_id("checkout-form")
    fill_new_address(form)
    choose_shipping_and_paypal(form, standard)
    form.get_by_role("button", name="Place order").click()

    page.wait_for_url(re.compile(r".*/payments/[A-Z0-9]{12}/$"))
    order = Order.objects.get(user=customer)
    assert page.get_by_test_id("pay-total").inner_text() == "€53.90"
    assert StockRecord.objects.get(variant_id=variant_id).quantity == 2

    # A first attempt is abandoned at "PayPal"; the customer comes back and tries again.
    page.get_by_role("button", name="Pay with PayPal").click()
    page.get_by_role("link", name="Cancel and return to the shop").click()
    page.wait_for_url(f"**/payments/{order.reference}/cancel/")
    page.get_by_role("link", name="Try paying again").click()
    page.wait_for_url(f"**/payments/{order.reference}/")
    pay_through_the_stand_in(page, order, amount="53.90 EUR")
    # The stand-in sent the IPN before returning the buyer: the thank-you page already says so.
    page.get_by_role("heading", level=1, name="Paid").wait_for()
    page.get_by_text("Your payment is confirmed.").wait_for()
    assert page.get_by_test_id("order-total").inner_text() == "€53.90"
    page.get_by_test_id("order-link").click()
    page.wait_for_url(f"**/accounts/orders/{order.reference}/")
    assert page.get_by_test_id("order-status").inner_text() == "Paid"
    assert page.get_by_test_id("payment-status").inner_text() == "Completed"
    screenshot(page, "order-paid")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    payment = Payment.objects.get(order=order)
    assert payment.status == PaymentStatus.COMPLETED
    assert payment.notifications.get().ipn.flag is False
