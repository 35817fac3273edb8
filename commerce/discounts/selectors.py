"""Discount reads: find a code, and say what it takes off these items or why it is refused.

The items are plain (product id, amount) pairs, so the cart, checkout and order placement ask the
same question with the same figures; commerce.discounts.services asks it again under the code's
row lock before an order takes a use.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import formats, timezone

from catalogue.models import ProductPage
from catalogue.selectors import categories_by_parent, category_and_descendant_ids

from .models import DiscountCode, DiscountKind, Redemption


class DiscountRefused(Exception):
    """The code cannot be used on this order; the message tells the customer why."""


@dataclass(frozen=True)
class Item:
    """One cart line as a discount sees it."""

    product_id: int
    amount: Decimal


@dataclass(frozen=True)
class AppliedDiscount:
    code: DiscountCode
    amount: Decimal

    @property
    def fingerprint(self) -> str:
        """What the customer reviewed, appended to the cart lines' fingerprint at checkout."""
        return f";code={self.code.code}@{self.amount}"


def normalise(text: str) -> str:
    return (text or "").strip().upper()


def find_code(text: str) -> DiscountCode | None:
    text = normalise(text)
    return DiscountCode.objects.filter(code=text).first() if text else None


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(settings.MONEY_QUANTUM, rounding=ROUND_HALF_UP)


def uses_by_customer(*, code: DiscountCode, user=None, email: str = "") -> int:
    """Orders holding a use of the code for this account or email address."""
    who = Q()
    if user is not None and getattr(user, "is_authenticated", False):
        who |= Q(user=user)
    if email:
        who |= Q(email__iexact=email)
    return Redemption.objects.filter(who, code=code).count() if who else 0


def eligible_amount(*, code: DiscountCode, items: list[Item]) -> Decimal:
    """The part of the items the code applies to: all of them, or those in its categories (and below)."""
    category_ids = list(code.categories.values_list("pk", flat=True))
    if not category_ids:
        return sum((item.amount for item in items), Decimal("0.00"))
    by_parent = categories_by_parent()
    wanted = {pk for category in by_parent_categories(by_parent, category_ids) for pk in category}
    in_categories = set(
        ProductPage.categories.through.objects.filter(
            productpage_id__in={item.product_id for item in items}, category_id__in=wanted
        ).values_list("productpage_id", flat=True)
    )
    return sum((item.amount for item in items if item.product_id in in_categories), Decimal("0.00"))


def by_parent_categories(by_parent, category_ids: Iterable[int]):
    categories = {c.pk: c for children in by_parent.values() for c in children}
    return [category_and_descendant_ids(categories[pk], by_parent=by_parent) for pk in category_ids if pk in categories]


def discount_amount(*, code: DiscountCode, eligible: Decimal) -> Decimal:
    """What the code takes off `eligible`: never more than it, so no total goes below zero."""
    if code.kind == DiscountKind.PERCENTAGE:
        amount = _money(eligible * min(code.value, Decimal(100)) / Decimal(100))
    else:
        amount = _money(code.value)
    return min(amount, _money(eligible))


def evaluate(*, code: DiscountCode | None, text: str = "", items: list[Item], user=None, email: str = "", now=None):
    """The discount the code gives on these items, or DiscountRefused saying why not.

    Checked in this order: the code exists and is active, its dates, its uses in all and by this
    customer (by account or email, when known), the minimum order value (on the whole subtotal),
    then whether any item is eligible.
    """
    if code is None:
        raise DiscountRefused(f"There is no discount code “{normalise(text)}”.")
    now = now or timezone.now()
    name = code.code
    if not code.is_active:
        raise DiscountRefused(f"The code {name} is no longer active.")
    if code.valid_from and now < code.valid_from:
        starts = formats.date_format(timezone.localtime(code.valid_from), "j F Y")
        raise DiscountRefused(f"The code {name} is not valid yet: it starts on {starts}.")
    if code.valid_until and now >= code.valid_until:
        raise DiscountRefused(f"The code {name} has expired.")
    if code.usage_limit is not None and code.times_used >= code.usage_limit:
        raise DiscountRefused(f"The code {name} has been used up.")
    if (
        code.usage_limit_per_customer is not None
        and uses_by_customer(code=code, user=user, email=email) >= code.usage_limit_per_customer
    ):
        raise DiscountRefused(f"You have already used the code {name} as often as it allows.")
    subtotal = _money(sum((item.amount for item in items), Decimal("0.00")))
    if subtotal < code.minimum_order_value:
        missing = _money(code.minimum_order_value - subtotal)
        raise DiscountRefused(
            f"The code {name} needs an order of at least {code.minimum_order_value} {settings.STORE_CURRENCY}: "
            f"add {missing} {settings.STORE_CURRENCY} more."
        )
    eligible = eligible_amount(code=code, items=items)
    if eligible <= 0:
        raise DiscountRefused(f"The code {name} applies to none of the products in your cart.")
    return AppliedDiscount(code=code, amount=discount_amount(code=code, eligible=eligible))


def discount_for(*, text: str, items: list[Item], user=None, email: str = "") -> AppliedDiscount:
    """evaluate() for the code typed as `text`."""
    return evaluate(code=find_code(text), text=text, items=items, user=user, email=email)
