from decimal import Decimal

from .models import ShippingMethod

DEMO_SHIPPING = [
    ("Standard", "2-3 working days", Decimal("4.90")),
    ("Express", "Next working day", Decimal("9.90")),
]


def seed_shipping(*, stdout=None) -> None:
    for order, (name, description, price) in enumerate(DEMO_SHIPPING):
        ShippingMethod.objects.get_or_create(
            name=name, defaults={"description": description, "price": price, "sort_order": order}
        )
