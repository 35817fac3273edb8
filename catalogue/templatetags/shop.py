from django import template

from core.pagecache import shared

from ..models import ShopPage

register = template.Library()


def _live_shop_url() -> str | None:
    shop = ShopPage.objects.live().first()
    return shop.get_url() if shop is not None else None


@register.simple_tag
def shop_url(category_slug: str = "") -> str:
    """The shop page's URL (or one category's), wherever editors have put the shop in the page tree.
    The header asks on every page: the URL is kept with the shared page-cache data, which moving or
    publishing a page purges."""
    url = shared("shop-url", _live_shop_url)
    if url is None:
        return "/"
    if category_slug:
        return url + ShopPage().reverse_subpage("category", args=[category_slug])
    return url


@register.simple_tag(takes_context=True)
def product_json_ld(context, product, variants, image_url="", rating=None):
    """The product's schema.org JSON-LD as a <script> element (escaped for HTML by json_script)."""
    from django.utils.html import json_script

    from catalogue.structured_data import product_structured_data

    url = context["request"].build_absolute_uri(context["request"].path)
    data = product_structured_data(product=product, variants=variants, url=url, image_url=image_url, rating=rating)
    from django.utils.safestring import mark_safe

    script = json_script(data, element_id="product-json-ld")  # <, > and & escaped inside
    return mark_safe(script.replace('type="application/json"', 'type="application/ld+json"', 1))  # noqa: S308


@register.simple_tag(takes_context=True)
def category_trail(context, shop, category, include_self=True):
    """(name, url) pairs of `category`'s shop routes for breadcrumbs: from its top-level ancestor
    down to it (or to its parent without `include_self`)."""
    chain = []
    node = category if include_self else getattr(category, "parent", None)
    while node is not None and len(chain) < 10:  # a shallow tree; the bound only guards a cycle
        chain.append(node)
        node = node.parent
    base = shop.get_url(context.get("request")).rstrip("/")
    return [(node.name, base + "/" + shop.reverse_subpage("category", args=[node.slug])) for node in reversed(chain)]
