from django import template
from wagtail.contrib.routable_page.templatetags.wagtailroutablepage_tags import routablepageurl

from ..models import ShopPage

register = template.Library()


def _shop_page(request) -> ShopPage | None:
    # Asked by the header on every page, so read once per request.
    if not hasattr(request, "_shop_page"):
        request._shop_page = ShopPage.objects.live().first()
    return request._shop_page


@register.simple_tag(takes_context=True)
def shop_url(context, category_slug: str = "") -> str:
    """The shop page's URL (or one category's), wherever editors have put the shop in the page tree."""
    request = context.get("request")
    shop = _shop_page(request) if request is not None else ShopPage.objects.live().first()
    if shop is None:
        return "/"
    if category_slug:
        return routablepageurl(context, shop, "category", category_slug)
    return shop.get_url(request)
