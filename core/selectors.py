from django.db.models import Q
from wagtail.models import PageViewRestriction, Site

from .models import StoreSettings
from .pagecache import shared


def store_settings(request=None) -> StoreSettings:
    """The store's settings for this request's site, or for the default site outside a request."""
    if request is not None:
        return StoreSettings.for_request(request)
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.first()
    return StoreSettings.for_site(site) if site else StoreSettings()


def private_sections() -> list[tuple[str, int]]:
    """(path, depth) of every page with a view restriction, from the shared page-cache data; a new or
    removed restriction purges it (core.signals)."""
    return shared(
        "private-sections", lambda: list(PageViewRestriction.objects.values_list("page__path", "page__depth"))
    )


def public(pages):
    """`pages.public()`, with the private sections read from the shared data instead of a query per listing."""
    private = Q()
    for path, depth in private_sections():
        private |= Q(path__startswith=path, depth__gte=depth)
    return pages.exclude(private) if private else pages


def menu_pages(site: Site) -> list[dict]:
    """The site's top-level pages shown in menus: title, URL and URL path, in tree order."""

    def read():
        pages = site.root_page.get_children().live().in_menu()
        return [{"title": page.title, "url": page.get_url(), "url_path": page.url_path} for page in pages]

    return shared(f"menu:{site.pk}", read)
