"""Product cards: the one markup every listing shows a product in (the shop, search results,
categories, "You may also like", product grids on content pages), rendered once and then kept.

A card is the same for every visitor of a site: the product's title, link, first image, price and
availability, nothing personal. It is kept with the cached pages, under their generation
(core.pagecache.shared_many), so whatever purges them (publishing, a price or variant, an image, a
change in availability, a sale starting or ending) renews every card with them. A listing then
reads its products without what their cards show, and fetches the variants, stock, first image and
renditions only of the products whose card is not kept: those instances and the card's template
were about half of an uncached search page's CPU at 10,000 products.
"""

from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.models import Site

from core.pagecache import shared_many

from .models import ProductPage
from .selectors import card_lookups, listing_item

CARD_TEMPLATE = "catalogue/includes/product_card.html"


def _with_card_data(products: list[ProductPage]) -> None:
    prefetch_related_objects(products, *card_lookups())


def product_card_markup(products: list[ProductPage], *, request, prefetch=_with_card_data) -> list[str]:
    """Each product's card, in order. `prefetch(products)` fetches what the cards show for the
    products whose card is not kept (see selectors.card_lookups); the product page passes its own,
    which fetches them with the product's own variants and gallery."""
    by_pk = {product.pk: product for product in products}

    def load(missing: list[int]) -> list[ProductPage]:
        chosen = [by_pk[pk] for pk in missing]
        prefetch(chosen)
        return chosen

    return _cards([product.pk for product in products], request=request, load=load)


def product_card_markup_by_id(product_ids: list[int], *, request, prefetch=_with_card_data) -> list[str]:
    """product_card_markup for products known by id (a listing's page): a product is read only
    when its card is not kept."""

    def load(missing: list[int]) -> list[ProductPage]:
        by_pk = ProductPage.objects.in_bulk(missing)
        chosen = [by_pk[pk] for pk in missing if pk in by_pk]
        prefetch(chosen)
        return chosen

    return _cards(product_ids, request=request, load=load)


def _cards(product_ids: list[int], *, request, load) -> list[str]:
    site = Site.find_for_request(request) if request is not None else None
    # Links are relative to the site the card was rendered for.
    names = {pk: f"card:{site.pk if site else '-'}:{pk}" for pk in product_ids}
    ids_by_name = {name: pk for pk, name in names.items()}

    def render(missing: list[str]) -> dict[str, str]:
        # A plain context (the request for the links only): no context processor runs per card.
        return {
            names[product.pk]: render_to_string(CARD_TEMPLATE, {"item": listing_item(product), "request": request})
            for product in load([ids_by_name[name] for name in missing])
        }

    cards = shared_many(list(ids_by_name), render)
    # A product gone since its id was read has no card.
    return [mark_safe(cards[names[pk]]) for pk in product_ids if names[pk] in cards]  # noqa: S308 - our template's output
