"""Stock changes. Every change runs under a row lock on the stock rows it touches."""

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from core.pagecache import purge_on_commit

from .models import ProductVariant, StockRecord
from .offers import availability


class OutOfStock(Exception):
    """Raised when a variant has fewer units on hand than asked for."""

    def __init__(self, shortages: dict[int, int]):
        # variant id -> quantity actually available
        self.shortages = shortages
        super().__init__(f"Not enough stock for variants {sorted(shortages)}")


def _locked_stock(variant_ids) -> dict[int, StockRecord]:
    # A fixed number of queries however many variants: the missing rows are created together
    # (ignoring a row another transaction has just created), then every row is locked at once, in
    # variant-id order, the same order every caller uses, so two checkouts touching the same
    # variants queue up instead of deadlocking.
    variant_ids = sorted(set(variant_ids))
    missing = ProductVariant.objects.filter(pk__in=variant_ids, stock__isnull=True).values_list("pk", flat=True)
    if missing := list(missing):
        StockRecord.objects.bulk_create([StockRecord(variant_id=pk) for pk in missing], ignore_conflicts=True)
    records = StockRecord.objects.select_for_update().filter(variant_id__in=variant_ids).order_by("variant_id")
    return {record.variant_id: record for record in records}


def _save(records: list[StockRecord], *, before: dict[int, int]) -> None:
    """Write the new quantities in one statement; purge cached pages if what they show changed."""
    now = timezone.now()
    for record in records:
        record.updated = now
    StockRecord.objects.bulk_update(records, ["quantity", "updated"])
    # Pages show the availability ("In stock", "Only 3 left", "Sold out"), not the exact figure
    # above the low-stock threshold, so most sales leave cached pages as they are.
    if any(availability(before[record.variant_id]) != availability(record.quantity) for record in records):
        purge_on_commit()


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
    before = {variant_id: record.quantity for variant_id, record in records.items()}
    for variant_id, quantity in quantities.items():
        records[variant_id].quantity -= quantity
    _save([records[variant_id] for variant_id in quantities], before=before)


@transaction.atomic
def return_stock(*, quantities: Mapping[int, int]) -> None:
    """Put units back on the shelf (cancelled, expired or refunded orders)."""
    existing = set(ProductVariant.objects.filter(pk__in=quantities).values_list("pk", flat=True))
    records = _locked_stock(existing)
    before = {variant_id: record.quantity for variant_id, record in records.items()}
    for variant_id in existing:
        records[variant_id].quantity += quantities[variant_id]
    _save([records[variant_id] for variant_id in existing], before=before)


@transaction.atomic
def set_stock(*, variant: ProductVariant, quantity: int) -> StockRecord:
    """Set the quantity on hand of one variant (inventory screen, stock take)."""
    if quantity < 0:
        raise ValueError("Stock cannot be negative.")
    record = _locked_stock([variant.pk])[variant.pk]
    before = {variant.pk: record.quantity}
    record.quantity = quantity
    _save([record], before=before)
    return record
