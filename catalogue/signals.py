from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.images import get_image_model
from wagtail.signals import page_published

from core.pagecache import purge_on_commit

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


@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
def purge_cached_pages_when_an_image_changes(sender, raw=False, **kwargs):
    # Product cards, galleries and promotion banners show library images: an image edited (a new
    # file, a new focal point) or deleted must not stay on cached pages. Renditions are other rows.
    if not raw:
        purge_on_commit()


@receiver(post_save, sender=SearchPromotion)
@receiver(post_delete, sender=SearchPromotion)
def purge_cached_pages_when_a_search_promotion_changes(sender, raw=False, **kwargs):
    # Search results show them, and catalogue.search keeps them with the cached pages.
    if not raw:
        purge_on_commit()
