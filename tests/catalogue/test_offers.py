"""catalogue.offers is the one answer to "what does it cost and can it be bought": the product page,
the listing, the cart and checkout all say the same thing, and change together."""

from decimal import Decimal

import pytest
from django.test import override_settings

from catalogue.offers import Availability, variant_offers
from catalogue.services import set_stock
from commerce.cart.selectors import cart_rows
from commerce.cart.services import CartError, add_to_cart, cart_for
from commerce.orders.models import PaymentMethod
from commerce.orders.services import CheckoutProblem

pytestmark = pytest.mark.django_db


@override_settings(LOW_STOCK_THRESHOLD=5)
def test_product_page_listing_and_cart_show_the_same_price_and_availability(client, make_product, customer):
    product = make_product("Enamel mug", variants=[("", "12.50", 3)])
    variant = product.variants.get()
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=variant.pk, quantity=1)

    offer = variant_offers([variant.pk])[variant.pk]
    assert (offer.price, offer.quantity, offer.status, offer.label) == (Decimal("12.50"), 3, "low", "Only 3 left")

    product_page = client.get(product.url).content.decode()
    listing = client.get("/shop/").content.decode()
    [row] = cart_rows(cart)
    assert "Only 3 left" in product_page
    assert "Only 3 left" in listing
    assert row.offer == offer

    set_stock(variant=variant, quantity=40)
    assert "In stock" in client.get(product.url).content.decode()
    assert "In stock" in client.get("/shop/").content.decode()
    assert cart_rows(cart)[0].offer.status == Availability.IN_STOCK


def test_a_product_taken_off_sale_is_unavailable_in_the_cart_and_at_checkout(make_product, customer, make_order):
    product = make_product("Lamp", variants=[("", "40.00", 10)])
    variant = product.variants.get()
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=variant.pk, quantity=2)

    product.unpublish()

    [row] = cart_rows(cart)
    assert (row.offer.status, row.offer.quantity, row.offer.buyable) == (Availability.UNAVAILABLE, 0, False)
    assert variant_offers([variant.pk])[variant.pk].label == "No longer available"
    with pytest.raises(CartError, match="no longer available"):
        add_to_cart(cart=cart, variant_id=variant.pk, quantity=1)
    with pytest.raises(CheckoutProblem, match="no longer sold"):
        make_order(customer, [], payment_method=PaymentMethod.BANK_TRANSFER)
