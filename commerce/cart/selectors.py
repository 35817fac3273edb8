from dataclasses import dataclass
from decimal import Decimal

from catalogue.offers import Offer, is_on_sale, offer_for

from .models import Cart, CartLine


@dataclass(frozen=True)
class CartSummary:
    count: int
    subtotal: Decimal


EMPTY = CartSummary(count=0, subtotal=Decimal("0.00"))


def cart_summary(cart: Cart | None) -> CartSummary:
    """Item count and subtotal at current prices, in one query."""
    rows = cart_rows(cart)
    if not rows:
        return EMPTY
    return CartSummary(count=sum(row.line.quantity for row in rows), subtotal=rows_subtotal(rows))


@dataclass(frozen=True)
class CartRow:
    line: CartLine
    offer: Offer

    @property
    def unit_price(self) -> Decimal:
        return self.offer.price

    @property
    def line_total(self) -> Decimal:
        return self.offer.price * self.line.quantity

    @property
    def available(self) -> int:
        return self.offer.quantity

    @property
    def price_changed(self) -> bool:
        return self.line.seen_price != self.offer.price

    @property
    def short_of_stock(self) -> bool:
        return self.line.quantity > self.offer.quantity


def cart_rows(cart: Cart | None) -> list[CartRow]:
    """Every line with its current price and stock, for the cart and checkout pages."""
    if cart is None:
        return []
    lines = cart.lines.select_related("variant__product", "variant__stock").order_by("added", "pk")
    return [
        CartRow(line=line, offer=offer_for(line.variant, on_sale=is_on_sale(line.variant.product))) for line in lines
    ]


def rows_fingerprint(rows: list[CartRow]) -> str:
    """What the shopper reviewed: each line's variant, quantity and current price, as one string."""
    return ";".join(
        f"{row.line.variant_id}x{row.line.quantity}@{row.unit_price}"
        for row in sorted(rows, key=lambda row: row.line.variant_id)
    )


def rows_subtotal(rows: list[CartRow]) -> Decimal:
    return sum((row.line_total for row in rows), Decimal("0.00"))
