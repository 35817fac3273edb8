"""Cached pages that change with the clock: sale prices and promotion banners start and end.

Nothing is saved when a sale or a banner starts or ends, so no save purges the page cache then.
Publishing a page that holds such a moment in the future queues a purge for that moment; the
embedded default cannot defer tasks, and there a page shows the change after PAGE_CACHE_SECONDS
at most (the entry's own lifetime).
"""

from django.utils import timezone
from django_tasks import task

from core.pagecache import purge


@task()
def purge_cached_pages() -> None:
    purge()


def timed_moments(page) -> set:
    """The future moments at which what this page (or its listings) shows changes by itself."""
    from wagtail.fields import StreamField

    from .blocks import PromotionBannerBlock
    from .models import ProductPage

    moments = set()
    if isinstance(page, ProductPage):
        for variant in page.variants.all():
            if variant.sale_price is not None:
                moments.update({variant.sale_starts, variant.sale_ends})
    for field in page._meta.get_fields():
        if not isinstance(field, StreamField):
            continue
        for block in getattr(page, field.name) or []:
            if isinstance(block.block, PromotionBannerBlock):
                moments.update({block.value["starts"], block.value["ends"]})
    now = timezone.now()
    return {moment for moment in moments if moment is not None and moment > now}


def schedule_page_purges(page) -> int:
    """Queue a purge of the page cache at each of the page's timed moments; say how many."""
    if not purge_cached_pages.get_backend().supports_defer:
        return 0
    moments = sorted(timed_moments(page))
    for moment in moments:
        purge_cached_pages.using(run_after=moment).enqueue()
    return len(moments)
