"""Steps several browser tests take the same way: signing in, filling the checkout, paying."""

from django.conf import settings
from django.test import Client

ADDRESS = {
    "full_name": "Chris Customer",
    "line1": "1 High Street",
    "city": "Leeds",
    "postcode": "LS1 1AA",
    "country": "United Kingdom",
}


def signed_in_page(new_page, server, user):
    """A new browser page carrying a session signed in as `user`."""
    client = Client()
    client.force_login(user)
    page = new_page()
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}])
    return page


def fill_new_address(form, address=ADDRESS):
    for name, value in address.items():
        form.locator(f'[name="new-{name}"]').fill(value)


def choose_shipping_and_paypal(form, shipping_method):
    form.locator(f'input[name="shipping_method"][value="{shipping_method.pk}"]').check()
    form.locator('input[name="payment_method"][value="paypal"]').check()


def pay_through_the_stand_in(page, order, *, amount=None):
    """From the order's pay page: PayPal (the stand-in, which sends the IPN), back to the shop."""
    page.get_by_role("button", name="Pay with PayPal").click()
    page.wait_for_url("**/payments/paypal-stand-in/")
    if amount is not None:
        assert page.get_by_test_id("stand-in-amount").inner_text() == amount
    page.get_by_role("button", name="Pay", exact=True).click()
    page.wait_for_url(f"**/payments/{order.reference}/return/")
