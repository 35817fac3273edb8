import re
from decimal import Decimal

import pytest

from commerce.orders.models import Order
from tests.fixtures.live import sign_in

pytestmark = pytest.mark.browser


def test_customer_checks_out_and_watches_staff_ship_the_order_live(
    asgi_live_server, new_page, screenshot, customer, manager, make_address, shipping_method, make_product
):
    make_address(customer, city="Bristol")
    lamp = make_product("Brass Lamp", variants=[("", "40.00", 10)])
    mug = make_product("Enamel Mug", variants=[("Blue", "12.50", 10), ("Green", "12.50", 10)])
    server = asgi_live_server.url

    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/shop/", customer)
    shopper.goto(server + lamp.url)
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    shopper.goto(server + mug.url)
    shopper.get_by_label("Green").check()
    shopper.fill("input[name=quantity]", "2")
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    assert shopper.get_by_test_id("cart-subtotal").inner_text() == "€65.00"

    shopper.get_by_label("Quantity of Brass Lamp").fill("3")
    shopper.get_by_role("button", name="Update").first.click()
    shopper.get_by_test_id("cart-subtotal").filter(has_text="€145.00").wait_for()
    assert shopper.locator("[data-cart-count]").inner_text() == "5"

    shopper.get_by_role("link", name="Check out").click()
    shopper.wait_for_url("**/checkout/")
    assert "Bristol" in shopper.get_by_test_id("address-choice").inner_text()
    shopper.get_by_label("Bank transfer").check()
    shopper.get_by_role("button", name="Place order").click()
    shopper.wait_for_url(re.compile(r".*/payments/[A-Z0-9]{12}/thank-you/$"))  # with the bank details
    order = Order.objects.get()
    shopper.goto(f"{server}/accounts/orders/{order.reference}/")
    assert order.total == Decimal("145.00") + shipping_method.price
    assert shopper.get_by_test_id("order-status").inner_text() == "Awaiting payment"
    screenshot(shopper, "order-pending")

    # The transfer arrives: the Manager records it under Payments, then ships from Orders.
    staff = new_page()
    sign_in(staff, f"{server}/admin/login/?next=/admin/payments_admin/inspect/{order.payment.pk}/", manager)
    staff.get_by_role("link", name="Record bank transfer").click()
    staff.get_by_label("Note").fill("Statement line 7")
    staff.get_by_role("button", name="Yes, record the transfer").click()
    staff.wait_for_url("**/admin/payments_admin/")
    shopper.get_by_test_id("order-status").filter(has_text="Paid").wait_for()
    staff.goto(f"{server}/admin/orders/edit/{order.pk}/")
    staff.get_by_label("New status").select_option(label="Shipped")
    staff.get_by_label("Carrier").fill("DHL")
    staff.get_by_label("Tracking number").fill("JD0146000")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_load_state()

    shopper.get_by_test_id("order-status").filter(has_text="Shipped").wait_for()
    assert "Shipped" in shopper.get_by_test_id("order-timeline").inner_text()
    shopper.get_by_test_id("order-tracking").filter(has_text="JD0146000").wait_for()
    screenshot(shopper, "order-shipped-live")
    order.refresh_from_db()
    assert order.status == "shipped"
    assert list(order.events.values_list("to_status", flat=True)) == ["pending_payment", "paid", "shipped"]
