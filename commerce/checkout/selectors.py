"""What the checkout page shows before the order is placed: lines with thumbnails, shipping, total.

The figures are computed as orders.services.place_order computes them (current prices from the
cart rows, the method's flat rate, two places), so the total shown is the total charged.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch
from wagtail.images import get_image_model

from catalogue.models import ProductImage
from commerce.cart.selectors import CartDiscount, CartRow, rows_subtotal

THUMBNAIL_RENDITION = "fill-96x96|format-webp"


@dataclass(frozen=True)
class ShippingChoice:
    method: object
    cost: Decimal
    total: Decimal


@dataclass(frozen=True)
class CheckoutSummary:
    lines: list[tuple[CartRow, ProductImage | None]]
    subtotal: Decimal
    choices: list[ShippingChoice]
    chosen: ShippingChoice | None
    discount: CartDiscount | None = None

    @property
    def total(self) -> Decimal | None:
        return self.chosen.total if self.chosen else None


def _money(amount) -> Decimal:
    return Decimal(amount).quantize(settings.MONEY_QUANTUM)


def checkout_summary(
    *, rows: list[CartRow], shipping_methods, chosen_method_id=None, discount: CartDiscount | None = None
) -> CheckoutSummary:
    """The cart's lines (each with its product's first image), the subtotal, the discount (if a code
    applies), and the total with each shipping method; `chosen` is the one picked (or the first)."""
    subtotal = _money(rows_subtotal(rows))
    after_discount = subtotal - (discount.amount if discount else Decimal("0.00"))
    choices = [
        ShippingChoice(method=method, cost=_money(method.price), total=after_discount + _money(method.price))
        for method in shipping_methods
    ]
    chosen = next((c for c in choices if str(c.method.pk) == str(chosen_method_id)), choices[0] if choices else None)
    images = _first_images({row.line.variant.product_id for row in rows})
    return CheckoutSummary(
        lines=[(row, images.get(row.line.variant.product_id)) for row in rows],
        subtotal=subtotal,
        choices=choices,
        chosen=chosen,
        discount=discount,
    )


def _first_images(product_ids: set[int]) -> dict[int, ProductImage]:
    """Each product's first gallery image with its thumbnail rendition, in two queries."""
    images = get_image_model().objects.prefetch_renditions(THUMBNAIL_RENDITION)
    first: dict[int, ProductImage] = {}
    gallery = (
        ProductImage.objects.filter(product_id__in=product_ids)
        .order_by("product_id", "sort_order", "pk")
        .prefetch_related(Prefetch("image", queryset=images))
    )
    for picture in gallery:
        first.setdefault(picture.product_id, picture)
    return first
