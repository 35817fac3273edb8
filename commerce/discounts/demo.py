"""Demo discount codes for `seed_demo`, listed in the README. Safe to run again."""

from decimal import Decimal

from .models import DiscountCode, DiscountKind

DEMO_CODES = [
    ("WELCOME10", DiscountKind.PERCENTAGE, Decimal("10"), Decimal("0"), "10 % off the whole order"),
    ("SAVE5", DiscountKind.FIXED, Decimal("5.00"), Decimal("30.00"), "5.00 off orders from 30.00"),
]


def seed_discount_codes(*, stdout=None) -> None:
    for code, kind, value, minimum, description in DEMO_CODES:
        DiscountCode.objects.get_or_create(
            code=code,
            defaults={"kind": kind, "value": value, "minimum_order_value": minimum, "description": description},
        )
    if stdout:
        stdout.write(f"  discount codes {', '.join(code for code, *_ in DEMO_CODES)}")
