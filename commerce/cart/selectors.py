from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, ExpressionWrapper, F, Sum

from .models import Cart, CartLine


@dataclass(frozen=True)
class CartSummary:
    count: int
    subtotal: Decimal


EMPTY = CartSummary(count=0, subtotal=Decimal("0.00"))


def cart_summary(cart: Cart | None) -> CartSummary:
    """Item count and subtotal at current prices, in one query."""
    if cart is None:
        return EMPTY
    totals = CartLine.objects.filter(cart=cart).aggregate(
        count=Sum("quantity"),
        subtotal=Sum(
            ExpressionWrapper(
                F("quantity") * F("variant__price"), output_field=DecimalField(max_digits=12, decimal_places=2)
            )
        ),
    )
    if not totals["count"]:
        return EMPTY
    return CartSummary(count=totals["count"], subtotal=Decimal(totals["subtotal"]).quantize(Decimal("0.01")))


@dataclass(frozen=True)
class CartRow:
    line: CartLine
    unit_price: Decimal
    line_total: Decimal
    available: int
    price_changed: bool

    @property
    def short_of_stock(self) -> bool:
        return self.line.quantity > self.available


def cart_rows(cart: Cart | None) -> list[CartRow]:
    """Every line with its current price and stock, for the cart and checkout pages."""
    if cart is None:
        return []
    lines = cart.lines.select_related("variant__product", "variant__stock").order_by("added", "pk")
    rows = []
    for line in lines:
        variant = line.variant
        available = variant.stock.quantity if hasattr(variant, "stock") and variant.product.live else 0
        rows.append(
            CartRow(
                line=line,
                unit_price=variant.price,
                line_total=variant.price * line.quantity,
                available=available,
                price_changed=line.seen_price != variant.price,
            )
        )
    return rows


def lines_fingerprint(lines) -> str:
    """What the shopper reviewed: each line's variant, quantity and current price, as one string."""
    return ";".join(
        f"{line.variant_id}x{line.quantity}@{line.variant.price}"
        for line in sorted(lines, key=lambda item: item.variant_id)
    )


def rows_subtotal(rows: list[CartRow]) -> Decimal:
    return sum((row.line_total for row in rows), Decimal("0.00"))
