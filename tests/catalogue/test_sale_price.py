"""A sale price with start and end dates: the one price everywhere while it runs, the regular price struck through."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalogue.models import ProductVariant
from catalogue.offers import variant_offers
from commerce.cart.selectors import cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.orders.services import PricesChanged, place_order

pytestmark = pytest.mark.django_db


def on_sale(variant, price="15.00", *, starts=None, ends=None):
    ProductVariant.objects.filter(pk=variant.pk).update(sale_price=Decimal(price), sale_starts=starts, sale_ends=ends)
    variant.refresh_from_db()
    return variant


@pytest.fixture
def lamp(make_product):
    return make_product("Lamp", variants=[("", "20.00", 10)]).variants.get()


def test_a_running_sale_is_the_price_with_the_regular_price_to_compare(lamp):
    now = timezone.now()
    on_sale(lamp, starts=now - timedelta(hours=1), ends=now + timedelta(hours=1))
    offer = variant_offers([lamp.pk])[lamp.pk]
    assert (offer.price, offer.compare_at_price) == (Decimal("15.00"), Decimal("20.00"))


@pytest.mark.parametrize(
    ("starts", "ends"),
    [(timedelta(hours=1), None), (None, -timedelta(seconds=1)), (-timedelta(days=2), -timedelta(days=1))],
    ids=["not-started", "just-ended", "long-over"],
)
def test_outside_its_dates_the_sale_price_does_not_apply(lamp, starts, ends):
    now = timezone.now()
    on_sale(lamp, starts=now + starts if starts else None, ends=now + ends if ends else None)
    offer = variant_offers([lamp.pk])[lamp.pk]
    assert (offer.price, offer.compare_at_price) == (Decimal("20.00"), None)


def test_product_page_and_listing_show_the_sale_price_and_strike_through_the_regular_one(client, lamp):
    on_sale(lamp, ends=timezone.now() + timedelta(days=1))
    for url in (lamp.product.url, "/shop/"):
        html = client.get(url).content.decode()
        assert re.search(r'data-testid="price">[^<]*15\.00', html), url
        assert re.search(r'data-testid="compare-at-price">[^<]*20\.00', html), url


def test_listing_sorts_by_the_price_now(client, make_product):
    make_product("Middle", variants=[("", "12.00", 5)])
    make_product("Dear but on sale", variants=[("", "30.00", 5)])
    on_sale(ProductVariant.objects.get(product__title="Dear but on sale"), "5.00")
    html = client.get("/shop/?sort=price_asc").content.decode()
    titles = re.findall(r'class="font-medium hover:text-emerald-700">([^<]+)</a>', html)
    assert titles == ["Dear but on sale", "Middle"]


def test_cart_and_order_use_the_sale_price_while_it_runs(customer, lamp, make_order):
    on_sale(lamp)
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=lamp.pk, quantity=2)
    assert cart_rows(cart)[0].line_total == Decimal("30.00")
    cart.lines.all().delete()
    order = make_order(customer, [(lamp, 2)])
    line = order.lines.get()
    assert (line.unit_price, order.subtotal) == (Decimal("15.00"), Decimal("30.00"))


def test_a_sale_ending_after_the_customer_reviewed_the_order_refuses_it(customer, lamp, make_address, shipping_method):
    on_sale(lamp)
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=lamp.pk, quantity=1)
    reviewed = rows_fingerprint(cart_rows(cart))
    ProductVariant.objects.filter(pk=lamp.pk).update(sale_ends=timezone.now() - timedelta(seconds=1))
    assert cart_rows(cart)[0].price_changed
    with pytest.raises(PricesChanged):
        place_order(
            cart=cart,
            user=customer,
            email=customer.email,
            address=make_address(customer),
            shipping_method=shipping_method,
            payment_method="paypal",
            checkout_token="sale-ended",
            reviewed_lines=reviewed,
        )


@pytest.mark.parametrize(
    ("fields", "error"),
    [
        ({"sale_price": Decimal("25.00")}, "sale_price"),
        (
            {"sale_price": Decimal("10.00"), "sale_starts": timezone.now(), "sale_ends": timezone.now() - timedelta(1)},
            "sale_ends",
        ),
        ({"sale_starts": timezone.now()}, "sale_price"),
    ],
    ids=["not-below-the-price", "ends-before-it-starts", "dates-without-a-price"],
)
def test_a_sale_that_makes_no_sense_is_refused_in_the_editor(lamp, fields, error):
    for name, value in fields.items():
        setattr(lamp, name, value)
    with pytest.raises(ValidationError) as refused:
        lamp.clean()
    assert error in refused.value.message_dict
