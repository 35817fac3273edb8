from wagtail.models import Site

from .models import StoreSettings


def store_settings(request=None) -> StoreSettings:
    """The store's settings for this request's site, or for the default site outside a request."""
    if request is not None:
        return StoreSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return StoreSettings.for_site(site) if site else StoreSettings()
