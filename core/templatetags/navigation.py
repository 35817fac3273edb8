from django import template
from wagtail.models import Page, Site

from core.selectors import menu_pages

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages shown in menus, read from the page tree of the current site."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current_path = getattr(context.get("page"), "url_path", "")
    return {"items": [(item, current_path.startswith(item["url_path"])) for item in menu_pages(site)]}


def _ancestors(page, site) -> list:
    """`page`'s ancestors from the site's root page down, with no query when the pages are already
    in memory (the site's root page, read for the menu, and a routed product's parent shop)."""
    if site is None or not page.path.startswith(site.root_page.path):
        return list(page.get_ancestors().filter(depth__gt=1))
    known = {site.root_page.path: site.root_page}
    parent = getattr(page, "_cached_parent_obj", None)
    if parent is not None:
        known[parent.path] = parent
    paths = [page.path[: depth * page.steplen] for depth in range(site.root_page.depth, page.depth)]
    missing = [path for path in paths if path not in known]
    if missing:
        known.update((ancestor.path, ancestor) for ancestor in Page.objects.filter(path__in=missing))
    return [known[path] for path in paths if path in known]


@register.inclusion_tag("includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, page, trail=(), current=""):
    """Where `page` sits, read left to right from the home page: "Home / Shop / Kitchen / Mug".

    Every ancestor from the site's root page (which reads "Home") is a link, then the (title, url)
    pairs of `trail` (a route's own steps, such as a product's categories), then the current item,
    not a link: `current` when given (a route inside `page`, `page` itself a link), else `page`'s title."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    # get_url(request): the site root paths are read once per request (a cache round trip), not per page.
    items = [
        {
            "title": "Home" if site and ancestor.pk == site.root_page_id else ancestor.title,
            "url": ancestor.get_url(request),
        }
        for ancestor in _ancestors(page, site)
    ]
    if current:
        items.append({"title": page.title, "url": page.get_url(request)})
    items += [{"title": title, "url": url} for title, url in trail]
    items.append({"title": current or page.title, "url": ""})
    return {"items": items}
