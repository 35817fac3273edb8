"""The code as the customer enters it: in the cart, at checkout, and on the placed order."""

import html as html_lib
import re
from decimal import Decimal

import pytest

from commerce.cart.models import Cart
from commerce.orders.models import Order

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client, customer, make_address, shipping_method, make_product):
    make_address(customer)
    client.force_login(customer)
    variant = make_product("Lamp", variants=[("", "40.00", 5)]).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    return client


def text(response):
    return html_lib.unescape(response.content.decode())


def test_code_applied_in_the_cart_shows_the_discount(shopper, make_code):
    make_code("SAVE10", value="10")
    response = shopper.post("/cart/discount/", {"code": "save10"}, follow=True)
    page = text(response)
    assert "Discount code SAVE10 applied." in page
    assert re.search(r'data-testid="discount-amount">−[^<]*8\.00', page)
    assert Cart.objects.get().discount_code == "SAVE10"


def test_refused_code_in_the_cart_says_why(shopper, make_code):
    make_code("MIN100", minimum_order_value=Decimal("100.00"))
    response = shopper.post("/cart/discount/", {"code": "MIN100"}, follow=True)
    assert "The code MIN100 needs an order of at least 100.00 EUR: add 20.00 EUR more." in text(response)
    assert Cart.objects.get().discount_code == ""


def test_refused_code_answers_json_for_the_in_place_form(shopper):
    response = shopper.post("/cart/discount/", {"code": "NOPE"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == "There is no discount code “NOPE”."


def test_code_can_be_removed(shopper, make_code):
    make_code("SAVE10")
    shopper.post("/cart/discount/", {"code": "SAVE10"})
    shopper.post("/cart/discount/remove/")
    assert Cart.objects.get().discount_code == ""


def test_code_entered_at_checkout_returns_to_checkout(shopper, make_code):
    make_code("SAVE10")
    response = shopper.post("/cart/discount/", {"code": "SAVE10", "next": "/checkout/"})
    assert response["Location"] == "/checkout/"
    response = shopper.post("/cart/discount/", {"code": "X", "next": "https://evil.example/"})
    assert response["Location"] == "/cart/"


def test_checkout_shows_the_discount_and_places_the_discounted_order(shopper, customer, shipping_method, make_code):
    make_code("TENOFF", kind="fixed", value="10.00")
    shopper.post("/cart/discount/", {"code": "TENOFF"})
    page = text(shopper.get("/checkout/"))
    assert re.search(r'data-testid="checkout-discount">−[^<]*10\.00', page)
    assert re.search(r'data-testid="checkout-total" data-checkout-total>[^<]*74\.90', page)  # 80 - 10 + 4.90
    reviewed = re.search(r'name="reviewed_lines" value="([^"]*)"', page).group(1)
    token = re.search(r'name="checkout_token" value="([^"]+)"', page) or re.search(
        r'value="([^"]+)" name="checkout_token"', page
    )
    response = shopper.post(
        "/checkout/",
        {
            "email": customer.email,
            "address": customer.addresses.first().pk,
            "shipping_method": shipping_method.pk,
            "payment_method": "paypal",
            "checkout_token": token.group(1),
            "reviewed_lines": reviewed,
        },
    )
    order = Order.objects.get()
    assert response["Location"] == f"/payments/{order.reference}/"
    assert (order.discount_code, order.discount, order.total) == ("TENOFF", Decimal("10.00"), Decimal("74.90"))
    detail = text(shopper.get(f"/accounts/orders/{order.reference}/"))
    assert "TENOFF" in detail
    assert "10.00" in detail


def test_checkout_with_a_code_that_stopped_applying_shows_why(shopper, make_code):
    code = make_code("SAVE10")
    shopper.post("/cart/discount/", {"code": "SAVE10"})
    code.is_active = False
    code.save()
    page = text(shopper.get("/checkout/"))
    assert "The code SAVE10 is no longer active." in page


def test_a_code_entered_before_signing_in_stays_on_the_cart(client, customer, make_product, make_code):
    from tests.fixtures.accounts import PASSWORD

    make_code("SAVE10")
    variant = make_product(variants=[("", "40.00", 5)]).variants.get()
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    client.post("/cart/discount/", {"code": "SAVE10"})
    client.post("/accounts/login/", {"username": customer.email, "password": PASSWORD})
    assert Cart.objects.get(user=customer).discount_code == "SAVE10"
