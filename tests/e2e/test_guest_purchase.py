"""A guest buys with the PayPal stand-in, opens the order from the emailed link in a fresh browser,
then registers with the same email, verifies it and finds the order in their history."""

import email
import email.policy
import re
from decimal import Decimal
from pathlib import Path

import pytest

from commerce.orders.models import Order, OrderStatus, ShippingMethod
from tests.e2e.test_account_flow import PASSWORD, mailbox  # noqa: F401 - mailbox is a fixture

from .steps import fill_new_address, pay_through_the_stand_in

pytestmark = pytest.mark.browser


def text_bodies(mailbox: Path) -> list[str]:  # noqa: F811
    """Plain-text parts, decoded as declared (order emails are not ASCII: "2 × Mug")."""
    bodies = []
    for path in sorted(mailbox.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if raw.strip():
                for part in email.message_from_string(raw.strip(), policy=email.policy.default).walk():
                    if part.get_content_type() == "text/plain":
                        bodies.append(part.get_content())
    return bodies


def path_of(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_a_guest_buys_opens_the_order_from_the_email_and_later_finds_it_in_their_account(
    mailbox,  # noqa: F811
    paypal_stand_in,
    asgi_live_server,
    new_page,
    screenshot,
    home_page,
    make_product,
):
    product = make_product("Enamel mug", variants=(("", "12.00", 3),))
    standard = ShippingMethod.objects.create(name="Standard", price=Decimal("4.90"))
    express = ShippingMethod.objects.create(name="Express", price=Decimal("15.00"), sort_order=9)
    page = new_page()
    page.goto(asgi_live_server.url + product.url)
    with page.expect_response("**/cart/add/"):  # sent once csrf.js has this visitor's token
        page.get_by_test_id("add-to-cart").get_by_role("button", name="Add to cart").click()
    page.wait_for_load_state()
    page.goto(asgi_live_server.url + "/cart/")
    page.get_by_role("link", name="Check out").click()
    page.wait_for_url("**/checkout/")
    form = page.get_by_test_id("checkout-form")
    form.locator('[name="email"]').fill("guest.buyer@example.com")
    guest = {"full_name": "Gus Guest", "line1": "3 Mill Lane", "city": "York", "postcode": "YO1 7HH"}
    fill_new_address(form, {**guest, "country": "United Kingdom"})
    total = page.get_by_test_id("checkout-total")
    form.locator(f'input[name="shipping_method"][value="{express.pk}"]').check()
    assert "15.00" in page.get_by_test_id("checkout-shipping").inner_text()
    assert "27.00" in total.inner_text()
    form.locator(f'input[name="shipping_method"][value="{standard.pk}"]').check()
    assert "16.90" in total.inner_text()
    form.locator('input[name="payment_method"][value="paypal"]').check()
    screenshot(page, "guest-checkout")
    form.get_by_role("button", name="Place order").click()

    page.wait_for_url(re.compile(r".*/payments/[A-Z0-9]{12}/$"))
    order = Order.objects.get(email="guest.buyer@example.com")
    assert order.user is None
    assert order.total == Decimal("16.90")
    pay_through_the_stand_in(page, order)
    page.get_by_text("Your payment is confirmed.").wait_for()

    placed = next(body for body in text_bodies(mailbox) if order.reference in body and "/open/" in body)
    link = re.search(r"http://\S+/open/\S+/", placed).group(0)
    other = new_page()
    other.goto(asgi_live_server.url + path_of(link))
    other.wait_for_url(f"**/accounts/orders/{order.reference}/")
    assert other.get_by_test_id("order-status").inner_text() == "Paid"
    screenshot(other, "guest-order-from-link")
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID

    other.goto(asgi_live_server.url + "/accounts/register/")
    other.locator("#id_email").fill("Guest.Buyer@example.com")
    other.locator("#id_first_name").fill("Gus")
    other.locator("#id_last_name").fill("Guest")
    other.locator("#id_password").fill(PASSWORD)
    other.get_by_role("button", name="Create account").click()
    other.wait_for_url("**/accounts/login/")  # registering never signs in: it would tell the address was new
    verify = next(body for body in text_bodies(mailbox) if "/accounts/verify/" in body)
    other.goto(asgi_live_server.url + path_of(re.search(r"http://\S+/accounts/verify/\S+/", verify).group(0)))
    other.wait_for_url("**/accounts/login/")
    other.locator("#id_username").fill("guest.buyer@example.com")
    other.locator("#id_password").fill(PASSWORD)
    other.get_by_role("button", name="Sign in").click()
    other.wait_for_url(asgi_live_server.url + "/")
    other.goto(asgi_live_server.url + "/accounts/orders/")
    assert order.reference in other.content()
    screenshot(other, "guest-order-in-history")
