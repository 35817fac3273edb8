from django import template
from wagtail.models import Site

register = template.Library()


@register.inclusion_tag("includes/main_navigation.html", takes_context=True)
def main_navigation(context):
    """Top-level pages shown in menus, read from the page tree of the current site."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return {"items": []}
    current = context.get("page")
    current_path = getattr(current, "url_path", "")
    pages = site.root_page.get_children().live().in_menu()
    return {"items": [(page, current_path.startswith(page.url_path)) for page in pages]}
