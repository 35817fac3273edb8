from django.db.models.signals import post_save
from django.dispatch import receiver

from .models import ProductVariant, StockRecord


@receiver(post_save, sender=ProductVariant)
def give_new_variants_a_stock_record(sender, instance, created, raw=False, **kwargs):
    # Publishing a revision re-saves variants; get_or_create leaves an existing quantity alone.
    if not raw:
        StockRecord.objects.get_or_create(variant=instance)
