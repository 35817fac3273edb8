from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.signals import page_published

from .models import ProductVariant, StockRecord


@receiver(post_save, sender=ProductVariant)
def give_new_variants_a_stock_record(sender, instance, created, raw=False, **kwargs):
    # Publishing a revision re-saves variants; get_or_create leaves an existing quantity alone.
    if not raw:
        StockRecord.objects.get_or_create(variant=instance)


@receiver(page_published)
def purge_cached_pages_when_timed_content_changes(sender, instance, **kwargs):
    # A sale price or a promotion banner starting or ending later: purge then (catalogue.tasks).
    from .tasks import schedule_page_purges

    schedule_page_purges(instance.specific)
