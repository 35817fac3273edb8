"""Discount writes: an order takes a use of a code, and gives it back. Each runs under the code's row lock."""

from django.db import transaction
from django.db.models import F

from .models import DiscountCode, Redemption
from .selectors import AppliedDiscount, DiscountRefused, Item, evaluate, normalise


@transaction.atomic
def claim_code(*, text: str, items: list[Item], user=None, email: str = "") -> AppliedDiscount:
    """Take one use of the code for an order about to be placed, or raise DiscountRefused.

    The code's row is locked and every rule checked again against the locked figures, so two
    customers racing for the last use are served one after the other: one gets it, the other is
    told it is used up. Call it inside the order's transaction and then record_redemption() with
    the order, so the use and the order are committed (or rolled back) together.
    """
    code = DiscountCode.objects.select_for_update().filter(code=normalise(text)).first()
    applied = evaluate(code=code, text=text, items=items, user=user, email=email)
    DiscountCode.objects.filter(pk=code.pk).update(times_used=F("times_used") + 1)
    return applied


def record_redemption(*, applied: AppliedDiscount, order, user=None, email: str = "") -> Redemption:
    """Link the use taken by claim_code() to the order just placed (same transaction)."""
    return Redemption.objects.create(code=applied.code, order=order, user=user, email=email, amount=applied.amount)


@transaction.atomic
def release_redemption(*, order) -> bool:
    """Give the order's use of its code back (its payment never came); say whether it had one.

    The order keeps its snapshot of the code and discount; only the use is returned.
    """
    redemption = Redemption.objects.filter(order=order).first()
    if redemption is None:
        return False
    DiscountCode.objects.select_for_update().filter(pk=redemption.code_id).first()
    redemption.delete()
    DiscountCode.objects.filter(pk=redemption.code_id, times_used__gt=0).update(times_used=F("times_used") - 1)
    return True


__all__ = ["DiscountRefused", "claim_code", "record_redemption", "release_redemption"]
