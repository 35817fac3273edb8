from dataclasses import dataclass
from decimal import Decimal

from catalogue.offers import Offer, is_on_sale, offer_for
from commerce.discounts.selectors import AppliedDiscount, DiscountRefused, Item, discount_for

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


def discount_items(rows: list[CartRow]) -> list[Item]:
    """The cart lines as the discount rules see them: product and line total at current prices."""
    return [Item(product_id=row.line.variant.product_id, amount=row.line_total) for row in rows]


@dataclass(frozen=True)
class CartDiscount:
    """The cart's discount code and what it takes off now, or why it does not apply (`problem`)."""

    code: str
    applied: AppliedDiscount | None = None
    problem: str = ""

    @property
    def amount(self) -> Decimal:
        return self.applied.amount if self.applied else Decimal("0.00")

    @property
    def fingerprint(self) -> str:
        return self.applied.fingerprint if self.applied else ""


def cart_discount(*, cart: Cart | None, rows: list[CartRow], user=None, email: str = "") -> CartDiscount | None:
    """The entered code checked against the cart as it is now; None when no code was entered."""
    if cart is None or not cart.discount_code:
        return None
    try:
        applied = discount_for(text=cart.discount_code, items=discount_items(rows), user=user, email=email)
    except DiscountRefused as refusal:
        return CartDiscount(code=cart.discount_code, problem=str(refusal))
    return CartDiscount(code=cart.discount_code, applied=applied)
