from wagtail.models import Site

from .models import HomePage, StoreSettings


def store_settings(request=None) -> StoreSettings:
    """The store's settings for this request's site, or for the default site outside a request."""
    if request is not None:
        return StoreSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return StoreSettings.for_site(site) if site else StoreSettings()


def home_page_context(*, page: HomePage) -> dict:
    from catalogue.selectors import featured_products, listing_item

    return {
        "featured_categories": [item.category for item in page.featured_categories.select_related("category")],
        "featured_products": [listing_item(product) for product in featured_products()],
    }
