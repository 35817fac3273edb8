"""Two customers racing for a code's last use on PostgreSQL: exactly one order gets it."""

from decimal import Decimal
from functools import partial

import pytest

from commerce.cart.selectors import cart_discount, cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.discounts.models import DiscountCode, Redemption
from commerce.orders.models import Order
from commerce.orders.services import CheckoutProblem, place_order
from tests.concurrency import run_at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("racers", [2, 8])
def test_racing_for_the_last_use_of_a_code_exactly_one_wins(
    racers, make_user, make_product, make_address, shipping_method, make_code
):
    make_code("LAST", value="10", usage_limit=1)
    variant = make_product(variants=[("", "20.00", 100)]).variants.get()
    checkouts = []
    for index in range(racers):
        user = make_user()
        cart = cart_for(user=user, session={}, create=True)
        add_to_cart(cart=cart, variant_id=variant.pk, quantity=1)
        cart.discount_code = "LAST"
        cart.save()
        rows = cart_rows(cart)
        reviewed = rows_fingerprint(rows) + cart_discount(cart=cart, rows=rows, user=user).fingerprint
        checkouts.append((index, user, cart, make_address(user), reviewed))

    def buy(index, user, cart, address, reviewed):
        try:
            place_order(
                cart=cart,
                user=user,
                email=user.email,
                address=address,
                shipping_method=shipping_method,
                payment_method="paypal",
                checkout_token=f"race-{index}",
                reviewed_lines=reviewed,
            )
        except CheckoutProblem as refusal:
            return str(refusal)
        return "ordered"

    outcomes, errors = run_at_once([partial(buy, *checkout) for checkout in checkouts])

    assert errors == []
    assert outcomes.count("ordered") == 1
    assert all("The code LAST has been used up." in outcome for outcome in outcomes if outcome != "ordered")
    assert DiscountCode.objects.get().times_used == 1
    assert Redemption.objects.count() == 1
    assert list(Order.objects.values_list("discount", flat=True)) == [Decimal("2.00")]
