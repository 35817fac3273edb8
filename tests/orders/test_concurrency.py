"""Concurrent buyers on PostgreSQL: row locks in a fixed order, never oversold, never deadlocked."""

from functools import partial

import pytest

from catalogue.models import StockRecord
from commerce.cart.selectors import cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.orders.models import Order
from commerce.orders.services import CheckoutProblem, place_order
from tests.concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

BUYERS = 20


def test_twenty_concurrent_checkouts_for_five_units_sell_exactly_five(
    make_user, make_product, make_address, shipping_method
):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    other = make_product(variants=[("", "3.00", 100)]).variants.get()
    checkouts = []
    for index in range(BUYERS):
        user = make_user()
        cart = cart_for(user=user, session={}, create=True)
        # Half the carts list the variants the other way round: the lock order must not depend on it.
        for item in [variant, other] if index % 2 else [other, variant]:
            add_to_cart(cart=cart, variant_id=item.pk, quantity=1)
        checkouts.append((index, user, cart, make_address(user)))

    def buy(index, user, cart, address):
        try:
            place_order(
                cart=cart,
                user=user,
                email=user.email,
                address=address,
                shipping_method=shipping_method,
                payment_method="paypal",
                checkout_token=f"concurrent-{index}",
                reviewed_lines=rows_fingerprint(cart_rows(cart)),
            )
        except CheckoutProblem:
            return "refused"
        return "ordered"

    outcomes, errors = run_at_once([partial(buy, *checkout) for checkout in checkouts])

    assert errors == []
    assert outcomes.count("ordered") == 5
    assert outcomes.count("refused") == BUYERS - 5
    assert Order.objects.count() == 5
    assert StockRecord.objects.get(variant=variant).quantity == 0
    assert StockRecord.objects.get(variant=other).quantity == 95
    assert not StockRecord.objects.filter(quantity__lt=0).exists()
