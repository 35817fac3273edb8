"""Every rule of a discount code, and every refusal with its reason, as the cart applies them."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from commerce.cart.selectors import cart_discount, cart_rows
from commerce.cart.services import CartError, add_to_cart, apply_discount_code, cart_for
from commerce.discounts.models import DiscountCode, DiscountKind

pytestmark = pytest.mark.django_db


@pytest.fixture
def cart_of(customer):
    """A cart holding `items` (variant, quantity) for the customer."""

    def make(*items, user=customer):
        cart = cart_for(user=user, session={}, create=True)
        for variant, quantity in items:
            add_to_cart(cart=cart, variant_id=variant.pk, quantity=quantity)
        return cart

    return make


def variant(make_product, price, **kwargs):
    return make_product(variants=[("", price, 50)], **kwargs).variants.get()


def applied_amount(cart, user, email=""):
    cart.refresh_from_db()
    return cart_discount(cart=cart, rows=cart_rows(cart), user=user, email=email or user.email).amount


def test_percentage_code_takes_its_share_of_the_whole_order(cart_of, make_product, make_code, customer):
    make_code("SAVE10", value="10")
    cart = cart_of((variant(make_product, "25.00"), 2))
    assert apply_discount_code(cart=cart, code="SAVE10", user=customer) == "SAVE10"
    assert applied_amount(cart, customer) == Decimal("5.00")


def test_percentage_is_rounded_half_up_to_cents(cart_of, make_product, make_code, customer):
    make_code("FIFTEEN", value="15")
    cart = cart_of((variant(make_product, "3.33"), 3))  # 9.99 × 15 % = 1.4985
    apply_discount_code(cart=cart, code="FIFTEEN", user=customer)
    assert applied_amount(cart, customer) == Decimal("1.50")


def test_fixed_amount_code_takes_its_amount_off(cart_of, make_product, make_code, customer):
    make_code("TENOFF", kind=DiscountKind.FIXED, value="10.00")
    cart = cart_of((variant(make_product, "25.00"), 2))
    apply_discount_code(cart=cart, code="TENOFF", user=customer)
    assert applied_amount(cart, customer) == Decimal("10.00")


def test_fixed_amount_larger_than_the_cart_takes_off_the_cart_only(cart_of, make_product, make_code, customer):
    make_code("BIG", kind=DiscountKind.FIXED, value="500.00")
    cart = cart_of((variant(make_product, "12.00"), 1))
    apply_discount_code(cart=cart, code="BIG", user=customer)
    assert applied_amount(cart, customer) == Decimal("12.00")


def test_code_is_typed_in_any_case_and_with_spaces(cart_of, make_product, make_code, customer):
    make_code("SPRING")
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert apply_discount_code(cart=cart, code="  spring ", user=customer) == "SPRING"
    assert applied_amount(cart, customer) == Decimal("2.00")


def test_category_code_discounts_only_products_in_its_categories_and_below(
    cart_of, make_product, make_code, make_category, customer
):
    outdoors = make_category("Outdoors")
    tents = make_category("Tents", parent=outdoors)
    make_code("CAMP20", value="20", categories=[outdoors])
    tent = variant(make_product, "100.00", categories=[tents])
    mug = variant(make_product, "10.00", categories=[make_category("Kitchen")])
    cart = cart_of((tent, 1), (mug, 3))
    apply_discount_code(cart=cart, code="CAMP20", user=customer)
    assert applied_amount(cart, customer) == Decimal("20.00")


def test_fixed_category_code_never_exceeds_the_eligible_lines(
    cart_of, make_product, make_code, make_category, customer
):
    books = make_category("Books")
    make_code("BOOKS30", kind=DiscountKind.FIXED, value="30.00", categories=[books])
    cart = cart_of((variant(make_product, "8.00", categories=[books]), 1), (variant(make_product, "50.00"), 1))
    apply_discount_code(cart=cart, code="BOOKS30", user=customer)
    assert applied_amount(cart, customer) == Decimal("8.00")


def refusal(cart, code, user):
    with pytest.raises(CartError) as refused:
        apply_discount_code(cart=cart, code=code, user=user)
    cart.refresh_from_db()
    assert cart.discount_code == ""  # a refused code is not kept
    return str(refused.value)


def test_unknown_code_is_refused(cart_of, make_product, customer):
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "NOPE", customer) == "There is no discount code “NOPE”."


def test_empty_code_is_refused(cart_of, make_product, customer):
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "  ", customer) == "Please enter a discount code."


def test_inactive_code_is_refused(cart_of, make_product, make_code, customer):
    make_code("OLD", is_active=False)
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "OLD", customer) == "The code OLD is no longer active."


def test_expired_code_is_refused(cart_of, make_product, make_code, customer):
    make_code("SUMMER", valid_until=timezone.now() - timedelta(minutes=1))
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "SUMMER", customer) == "The code SUMMER has expired."


def test_code_before_its_start_is_refused(cart_of, make_product, make_code, customer):
    make_code("LATER", valid_from=timezone.now() + timedelta(days=2))
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "LATER", customer).startswith("The code LATER is not valid yet: it starts on ")


def test_code_inside_its_dates_applies(cart_of, make_product, make_code, customer):
    now = timezone.now()
    make_code("NOW", valid_from=now - timedelta(days=1), valid_until=now + timedelta(days=1))
    cart = cart_of((variant(make_product, "20.00"), 1))
    apply_discount_code(cart=cart, code="NOW", user=customer)
    assert applied_amount(cart, customer) == Decimal("2.00")


def test_used_up_code_is_refused(cart_of, make_product, make_code, customer):
    make_code("LAST", usage_limit=3, times_used=3)
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "LAST", customer) == "The code LAST has been used up."


def test_code_below_its_minimum_order_value_is_refused_with_what_is_missing(cart_of, make_product, make_code, customer):
    make_code("MIN50", minimum_order_value=Decimal("50.00"))
    cart = cart_of((variant(make_product, "20.00"), 2))
    assert (
        refusal(cart, "MIN50", customer) == "The code MIN50 needs an order of at least 50.00 EUR: add 10.00 EUR more."
    )


def test_code_at_exactly_its_minimum_order_value_applies(cart_of, make_product, make_code, customer):
    make_code("MIN50", minimum_order_value=Decimal("50.00"))
    cart = cart_of((variant(make_product, "25.00"), 2))
    apply_discount_code(cart=cart, code="MIN50", user=customer)
    assert applied_amount(cart, customer) == Decimal("5.00")


def test_code_with_nothing_eligible_in_the_cart_is_refused(cart_of, make_product, make_code, make_category, customer):
    make_code("BOOKS", categories=[make_category("Books")])
    cart = cart_of((variant(make_product, "20.00"), 1))
    assert refusal(cart, "BOOKS", customer) == "The code BOOKS applies to none of the products in your cart."


def test_code_refused_once_the_cart_changes_says_why_and_takes_nothing_off(cart_of, make_product, make_code, customer):
    make_code("MIN50", minimum_order_value=Decimal("50.00"))
    cart = cart_of((variant(make_product, "25.00"), 2))
    apply_discount_code(cart=cart, code="MIN50", user=customer)
    line = cart.lines.get()
    line.quantity = 1
    line.save()
    discount = cart_discount(cart=cart, rows=cart_rows(cart), user=customer)
    assert discount.amount == Decimal("0.00")
    assert discount.problem.startswith("The code MIN50 needs an order of at least 50.00 EUR")


def test_customer_who_used_the_code_up_to_their_limit_is_refused(
    make_product, make_code, customer, make_user, checkout_with_code, cart_of
):
    make_code("ONCE", usage_limit_per_customer=1)
    mug = variant(make_product, "20.00")
    checkout_with_code(customer, [(mug, 1)], code="ONCE")
    assert refusal(cart_of((mug, 1)), "ONCE", customer) == "You have already used the code ONCE as often as it allows."
    # Someone else still may.
    other = make_user()
    cart = cart_of((mug, 1), user=other)
    apply_discount_code(cart=cart, code="ONCE", user=other)
    assert applied_amount(cart, other) == Decimal("2.00")


def test_per_customer_limit_counts_a_guests_email_address(make_product, make_code, customer, checkout_with_code):
    code = make_code("ONCE", usage_limit_per_customer=1)
    mug = variant(make_product, "20.00")
    checkout_with_code(customer, [(mug, 1)], code="ONCE", email="Shared@Example.com")
    from commerce.discounts.selectors import uses_by_customer

    assert uses_by_customer(code=code, email="shared@example.com") == 1


def test_percentage_above_a_hundred_is_refused_in_the_admin_form(db):
    code = DiscountCode(code="HUGE", kind=DiscountKind.PERCENTAGE, value=Decimal("150"))
    with pytest.raises(ValidationError) as refused:
        code.full_clean()
    assert "value" in refused.value.message_dict


def test_two_codes_differing_only_in_case_are_refused(make_code):
    make_code("WELCOME")
    with pytest.raises(ValidationError) as refused:
        DiscountCode(code="welcome", value=Decimal("5")).full_clean()
    assert "code" in refused.value.message_dict


def test_validity_must_end_after_it_starts(db):
    now = timezone.now()
    code = DiscountCode(code="BACKWARDS", value=Decimal("5"), valid_from=now, valid_until=now - timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        code.full_clean()
    assert "valid_until" in refused.value.message_dict
