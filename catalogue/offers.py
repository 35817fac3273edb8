"""Price and availability: the one place that answers "what does this variant cost, and can it be
bought". The product page, listings, the cart and checkout all read an `Offer`; none of them
looks at a price, a stock row or the product's live flag by itself.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from .models import ProductPage, ProductVariant


class Availability(models.TextChoices):
    IN_STOCK = "in_stock", "In stock"
    LOW = "low", "Low stock"
    SOLD_OUT = "sold_out", "Sold out"
    UNAVAILABLE = "unavailable", "No longer available"


@dataclass(frozen=True)
class Offer:
    price: Decimal
    compare_at_price: Decimal | None
    quantity: int  # units that can be bought now: 0 when sold out or no longer sold
    status: str  # an Availability value
    label: str  # what the customer reads

    @property
    def buyable(self) -> bool:
        return self.quantity > 0


def is_on_sale(product: ProductPage) -> bool:
    """The one "is this product sold" rule: a published (live) product page."""
    return product.live


def variants_on_sale():
    """The same rule as is_on_sale, for variant queries."""
    return ProductVariant.objects.filter(product__live=True)


def availability(quantity: int, *, on_sale: bool = True) -> tuple[str, str]:
    if not on_sale:
        return Availability.UNAVAILABLE, Availability.UNAVAILABLE.label
    if quantity <= 0:
        return Availability.SOLD_OUT, Availability.SOLD_OUT.label
    if quantity <= settings.LOW_STOCK_THRESHOLD:
        return Availability.LOW, f"Only {quantity} left"
    return Availability.IN_STOCK, Availability.IN_STOCK.label


def current_price(variant: ProductVariant, *, now=None) -> Decimal:
    """What the variant costs now: its price, or its sale price while the sale runs."""
    return variant.sale_price if variant.sale_running(now) else variant.price


def compare_at_price(variant: ProductVariant, *, now=None) -> Decimal | None:
    """The struck-through price: the regular (or former) price while a sale runs, else the former price."""
    if variant.sale_running(now):
        return max(variant.price, variant.compare_at_price or variant.price)
    return variant.compare_at_price


def price_now(prefix: str = "", *, now=None):
    """current_price as a query expression over the variant at `prefix` (e.g. "variants__"), for
    sorting and filtering listings by what products cost now."""
    now = now or timezone.now()
    running = (
        models.Q(**{f"{prefix}sale_price__isnull": False})
        & (models.Q(**{f"{prefix}sale_starts__isnull": True}) | models.Q(**{f"{prefix}sale_starts__lte": now}))
        & (models.Q(**{f"{prefix}sale_ends__isnull": True}) | models.Q(**{f"{prefix}sale_ends__gt": now}))
    )
    return models.Case(
        models.When(running, then=models.F(f"{prefix}sale_price")),
        default=models.F(f"{prefix}price"),
        output_field=models.DecimalField(max_digits=10, decimal_places=2),
    )


def offer_for(variant: ProductVariant, *, on_sale: bool) -> Offer:
    """The offer for a variant whose stock row is loaded (select_related or prefetched)."""
    on_hand = variant.stock.quantity if hasattr(variant, "stock") else 0
    quantity = max(on_hand, 0) if on_sale else 0
    status, label = availability(quantity, on_sale=on_sale)
    return Offer(
        price=current_price(variant),
        compare_at_price=compare_at_price(variant),
        quantity=quantity,
        status=status,
        label=label,
    )


def variant_offers(variant_ids: Iterable[int]) -> dict[int, Offer]:
    """Offers for these variant ids, in one query; unknown ids are left out."""
    variants = ProductVariant.objects.filter(pk__in=list(variant_ids)).select_related("product", "stock")
    return {variant.pk: offer_for(variant, on_sale=is_on_sale(variant.product)) for variant in variants}


def product_offer(offers: list[Offer]) -> Offer | None:
    """What a product card shows: its lowest price (with that variant's compare-at price) and the
    units of all its variants together."""
    if not offers:
        return None
    cheapest = min(offers, key=lambda offer: offer.price)
    quantity = sum(offer.quantity for offer in offers)
    on_sale = any(offer.status != Availability.UNAVAILABLE for offer in offers)
    status, label = availability(quantity, on_sale=on_sale)
    return Offer(
        price=cheapest.price, compare_at_price=cheapest.compare_at_price, quantity=quantity, status=status, label=label
    )
