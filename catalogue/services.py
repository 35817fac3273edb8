"""Stock changes. Every change runs under a row lock on the stock rows it touches."""

from collections.abc import Mapping

from django.db import transaction

from .models import ProductVariant, StockRecord


class OutOfStock(Exception):
    """Raised when a variant has fewer units on hand than asked for."""

    def __init__(self, shortages: dict[int, int]):
        # variant id -> quantity actually available
        self.shortages = shortages
        super().__init__(f"Not enough stock for variants {sorted(shortages)}")


def _locked_stock(variant_ids) -> dict[int, StockRecord]:
    # Rows are locked in variant-id order, the same order every caller uses, so two checkouts
    # touching the same variants queue up instead of deadlocking.
    for variant_id in sorted(variant_ids):
        StockRecord.objects.get_or_create(variant_id=variant_id)
    records = StockRecord.objects.select_for_update().filter(variant_id__in=variant_ids).order_by("variant_id")
    return {record.variant_id: record for record in records}


@transaction.atomic
def allocate_stock(*, quantities: Mapping[int, int]) -> None:
    """Take `quantities` (variant id -> units) off the shelf, all or nothing."""
    if any(quantity < 1 for quantity in quantities.values()):
        raise ValueError("Quantities must be positive.")
    records = _locked_stock(quantities)
    shortages = {
        variant_id: records[variant_id].quantity
        for variant_id, quantity in quantities.items()
        if records[variant_id].quantity < quantity
    }
    if shortages:
        raise OutOfStock(shortages)
    for variant_id, quantity in quantities.items():
        record = records[variant_id]
        record.quantity -= quantity
        record.save(update_fields=["quantity", "updated"])


@transaction.atomic
def return_stock(*, quantities: Mapping[int, int]) -> None:
    """Put units back on the shelf (cancelled, expired or refunded orders)."""
    existing = set(ProductVariant.objects.filter(pk__in=quantities).values_list("pk", flat=True))
    records = _locked_stock(existing)
    for variant_id in existing:
        record = records[variant_id]
        record.quantity += quantities[variant_id]
        record.save(update_fields=["quantity", "updated"])


@transaction.atomic
def set_stock(*, variant: ProductVariant, quantity: int) -> StockRecord:
    """Set the quantity on hand of one variant (inventory screen, stock take)."""
    if quantity < 0:
        raise ValueError("Stock cannot be negative.")
    record = _locked_stock([variant.pk])[variant.pk]
    record.quantity = quantity
    record.save(update_fields=["quantity", "updated"])
    return record
