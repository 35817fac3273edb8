"""A code on an order: the order snapshots it, pays the discounted total, and gives its use back if never paid."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from catalogue.models import StockRecord
from commerce.cart.models import Cart
from commerce.cart.selectors import cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.discounts.models import DiscountKind, Redemption
from commerce.orders.models import Order, OrderStatus
from commerce.orders.services import CheckoutProblem, PricesChanged, cancel_order, expire_unpaid_orders, place_order
from commerce.payments.models import Payment

pytestmark = pytest.mark.django_db


@pytest.fixture
def mug(make_product):
    return make_product("Mug", variants=[("", "25.00", 10)]).variants.get()


def test_order_snapshots_the_code_and_discount_and_charges_the_discounted_total(
    customer, mug, make_code, checkout_with_code
):
    code = make_code("SAVE10", value="10")
    order = checkout_with_code(customer, [(mug, 2)], code="save10")

    assert (order.subtotal, order.discount_code, order.discount) == (Decimal("50.00"), "SAVE10", Decimal("5.00"))
    assert order.total == Decimal("49.90")  # 50.00 - 5.00 + 4.90 shipping
    assert Payment.objects.get(order=order).amount == Decimal("49.90")
    redemption = Redemption.objects.get(order=order)
    assert (redemption.code, redemption.amount, redemption.user) == (code, Decimal("5.00"), customer)
    code.refresh_from_db()
    assert code.times_used == 1
    assert Cart.objects.get(user=customer).discount_code == ""  # the next cart starts without it


def test_order_email_shows_the_discount_so_its_lines_add_up_to_the_total(
    customer, mug, make_code, checkout_with_code, mailoutbox, django_capture_on_commit_callbacks
):
    make_code("SAVE10", value="10")
    with django_capture_on_commit_callbacks(execute=True):
        order = checkout_with_code(customer, [(mug, 2)], code="save10")
    placed = next(email for email in mailoutbox if order.reference in email.subject)
    html = placed.alternatives[0][0]
    assert "Discount SAVE10: −€5.00" in placed.body
    assert "Discount SAVE10" in html
    assert "−€5.00" in html
    assert "€49.90" in placed.body


def test_order_total_never_goes_below_zero(customer, mug, make_code, checkout_with_code):
    make_code("FREE", kind=DiscountKind.FIXED, value="1000.00")
    order = checkout_with_code(customer, [(mug, 1)], code="FREE")
    assert (order.discount, order.total) == (Decimal("25.00"), Decimal("4.90"))  # shipping only


def test_order_without_a_code_has_no_discount(customer, mug, make_order):
    order = make_order(customer, [(mug, 1)])
    assert (order.discount_code, order.discount, order.total) == ("", Decimal("0.00"), Decimal("29.90"))
    assert not Redemption.objects.exists()


def test_code_used_up_before_the_order_is_placed_refuses_the_order_with_the_reason(
    customer, mug, make_code, checkout_with_code
):
    code = make_code("LAST", usage_limit=1)
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=mug.pk, quantity=1)
    code.times_used = 1  # someone else took the last use meanwhile
    code.save()
    with pytest.raises(CheckoutProblem, match="The code LAST has been used up"):
        checkout_with_code(customer, [], code="LAST")
    assert not Order.objects.exists()
    assert StockRecord.objects.get(variant=mug).quantity == 10  # no stock taken


def test_discount_changed_since_it_was_reviewed_refuses_the_order(
    customer, mug, make_code, make_address, shipping_method
):
    code = make_code("SAVE10", value="10")
    cart = cart_for(user=customer, session={}, create=True)
    add_to_cart(cart=cart, variant_id=mug.pk, quantity=2)
    cart.discount_code = "SAVE10"
    cart.save()
    reviewed = rows_fingerprint(cart_rows(cart)) + ";code=SAVE10@5.00"
    code.value = Decimal("5")  # a Manager edits the code while the customer reads the checkout page
    code.save()
    with pytest.raises(PricesChanged):
        place_order(
            cart=cart,
            user=customer,
            email=customer.email,
            address=make_address(customer),
            shipping_method=shipping_method,
            payment_method="paypal",
            checkout_token="t-1",
            reviewed_lines=reviewed,
        )
    code.refresh_from_db()
    assert code.times_used == 0
    assert not Order.objects.exists()


def test_cancelling_an_unpaid_order_gives_its_use_back(customer, mug, make_code, checkout_with_code):
    code = make_code("LAST", usage_limit=1)
    order = checkout_with_code(customer, [(mug, 1)], code="LAST")
    cancel_order(order=order, note="Changed my mind")
    code.refresh_from_db()
    assert code.times_used == 0
    assert not Redemption.objects.exists()
    order.refresh_from_db()
    assert (order.discount_code, order.discount) == ("LAST", Decimal("2.50"))  # the snapshot stays


def test_an_expired_unpaid_order_gives_its_use_back(customer, mug, make_code, checkout_with_code):
    code = make_code("LAST", usage_limit=1)
    order = checkout_with_code(customer, [(mug, 1)], code="LAST")
    Order.objects.filter(pk=order.pk).update(created=timezone.now() - timedelta(hours=2))
    assert expire_unpaid_orders() == 1
    code.refresh_from_db()
    assert code.times_used == 0
    order.refresh_from_db()
    assert order.status == OrderStatus.CANCELLED


def test_a_paid_order_keeps_its_use_when_cancelled(customer, mug, make_code, checkout_with_code):
    from commerce.orders.settlement import mark_order_paid

    code = make_code("LAST", usage_limit=1)
    order = checkout_with_code(customer, [(mug, 1)], code="LAST")
    mark_order_paid(order=order)
    cancel_order(order=order, note="Out of stock at the warehouse")
    code.refresh_from_db()
    assert code.times_used == 1
