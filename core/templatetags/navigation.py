from django import template
from wagtail.models import Site

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
