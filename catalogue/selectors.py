"""Catalogue reads. Listing queries are bounded: their count does not grow with products or variants.

What an uncached render costs, measured at 10,000 products: the CPU goes to building each query
and each model instance, and to template tags that do I/O, far more than to PostgreSQL. So
product cards are kept once rendered (catalogue.cards) and listings read only the products, what
their cards show being fetched for the cards not kept; queries are shared where pages need the
same rows (a product page reads its own variants and gallery with its related products'), nothing
is read that no card shows (annotations nobody filters by, gallery images after the first), and
templates get plain values worked out once (rendition URLs, not the {% image %} tag; see
`rendition_urls`).
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Exists, IntegerField, OuterRef, Prefetch, Subquery, Sum, Value, prefetch_related_objects
from django.db.models.functions import Coalesce
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_renditions_or_not_found

from core.pagecache import keeps_shared_data, shared
from core.selectors import public

from .models import Category, ProductImage, ProductPage, ProductVariant, ShopPage, StockRecord
from .offers import current_price, is_on_sale, offer_for, price_now, product_offer

# The renditions the templates show, by the name they read them under; fetched with the images
# (not a query each) and looked up by `rendition_urls`. Each Filter parses its spec once per process.
CARD_RENDITIONS = {"small": Filter("fill-480x480|format-webp"), "large": Filter("fill-960x960|format-webp")}
GALLERY_RENDITIONS = {"small": Filter("fill-600x600|format-webp"), "large": Filter("fill-1200x1200|format-webp")}
SHARE_RENDITIONS = {"share": Filter("fill-1200x630|format-jpeg")}  # Open Graph, Twitter and JSON-LD

SORTS = {
    "newest": "-first_published_at",
    "price_asc": "min_price",
    "price_desc": "-min_price",
    "name": "title",
}
SORT_CHOICES = [
    ("newest", "Newest"),
    ("price_asc", "Price: low to high"),
    ("price_desc", "Price: high to low"),
    ("name", "Name"),
]


@dataclass(frozen=True)
class ListingFilters:
    query: str = ""
    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = "newest"


def categories_by_parent() -> dict[int | None, list[Category]]:
    """Every category, grouped by parent id (None: top level), in menu order: read in one query and
    kept with the cached pages (category edits purge them, catalogue.wagtail_hooks).

    A shop has tens of categories, not thousands: reading them all is cheaper than a query per level.
    """
    categories = shared("categories", lambda: list(Category.objects.all()))
    by_id = {category.pk: category for category in categories}
    by_parent: dict[int | None, list[Category]] = defaultdict(list)
    for category in categories:
        if category.parent_id is not None:
            category.parent = by_id[category.parent_id]  # breadcrumbs climb the tree without a query
        by_parent[category.parent_id].append(category)
    return by_parent


def category_by_slug(slug: str, *, by_parent) -> Category | None:
    """The category with this slug among those read by categories_by_parent, or None."""
    return next((category for children in by_parent.values() for category in children if category.slug == slug), None)


def category_and_descendant_ids(category: Category, *, by_parent=None) -> list[int]:
    """The category and every category below it."""
    by_parent = categories_by_parent() if by_parent is None else by_parent
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = [child.pk for parent_id in frontier for child in by_parent.get(parent_id, [])]
        ids.extend(frontier)
    return ids


def _with_min_price(products):
    """`min_price` per product (what its cheapest variant costs now), for price filters and sorts.

    A correlated subquery rather than a GROUP BY: PostgreSQL works it out only for the products it
    needs, and a count ignores it. Cards never read it (they price themselves from the prefetched
    variants), so a listing that neither filters nor sorts by price does not ask for it."""
    cheapest = (
        ProductVariant.objects.filter(product=OuterRef("pk"))
        .annotate(price_now=price_now())
        .order_by("price_now")
        .values("price_now")[:1]
    )
    return products.annotate(min_price=Subquery(cheapest))


def _with_stock_on_hand(products):
    """`stock_on_hand` per product (its variants' units together), for the in-stock filter; as
    `_with_min_price`, a correlated subquery asked for only when filtering by it."""
    stock_sum = (
        StockRecord.objects.filter(variant__product=OuterRef("pk"))
        .values("variant__product")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return products.annotate(stock_on_hand=Coalesce(Subquery(stock_sum, output_field=IntegerField()), Value(0)))


def _in_categories(products, category_ids):
    """Products in any of these categories: a semi-join, not a join needing DISTINCT over every column."""
    memberships = ProductPage.categories.through.objects.filter(
        productpage_id=OuterRef("pk"), category_id__in=category_ids
    )
    return products.filter(Exists(memberships))


def card_lookups(gallery=None) -> tuple[Prefetch, ...]:
    """What product cards read, as prefetch lookups: the variants with their stock, and `gallery`
    (by default each product's first image only, with its CARD_RENDITIONS)."""
    return (
        Prefetch("gallery_images", queryset=_gallery(CARD_RENDITIONS, first_only=True) if gallery is None else gallery),
        Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order").select_related("stock")),
    )


def _gallery(*rendition_sets, first_only=False):
    """Gallery rows with their image (joined) and its renditions in these sizes: two queries.
    `first_only`: each product's first image, which is all a card shows (reading every image of the
    gallery with its renditions was most of the rows, and of the CPU, behind a listing)."""
    from wagtail.images import get_image_model

    specs = [rendition.spec for renditions in rendition_sets for rendition in renditions.values()]
    wanted = get_image_model().get_rendition_model().objects.filter(filter_spec__in=specs)
    images = ProductImage.objects.order_by("sort_order", "pk")
    if first_only:
        first = ProductImage.objects.filter(product=OuterRef("product")).order_by("sort_order", "pk").values("pk")[:1]
        images = images.filter(pk=Subquery(first))
    return images.select_related("image").prefetch_related(Prefetch("image__renditions", queryset=wanted))


def product_search(*, filters: ListingFilters, by_parent=None):
    """The ids of the live products matching the filters, in their sort order, with, for a query,
    the corrected query they are for (catalogue.search)."""
    from .search import SearchOutcome, search_products

    products = public(ProductPage.objects.live())
    if filters.category is not None:
        products = _in_categories(products, category_and_descendant_ids(filters.category, by_parent=by_parent))
    ordering = (SORTS.get(filters.sort, SORTS["newest"]), "pk")
    if filters.min_price is not None or filters.max_price is not None or "min_price" in ordering[0]:
        products = _with_min_price(products)
    if filters.min_price is not None:
        products = products.filter(min_price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(min_price__lte=filters.max_price)
    if filters.in_stock:
        products = _with_stock_on_hand(products).filter(stock_on_hand__gt=0)
    if filters.query:
        return search_products(products, filters.query, ordering=ordering)
    return SearchOutcome(products.order_by(*ordering).values_list("pk", flat=True))


def product_cards(
    *,
    request,
    product_ids: list[int] | None = None,
    category: Category | None = None,
    featured: bool = False,
    sort: str = "newest",
    limit: int = 8,
) -> list[str]:
    """Product cards (markup, catalogue.cards) as the shop listing shows them, in a number of queries
    that does not grow with them.

    Hand-picked `product_ids` come back in their order; otherwise the live products of `category` (and the
    categories below it) and/or the featured ones, sorted, at most `limit`.
    """
    from .cards import product_card_markup

    if product_ids is not None:
        return product_card_markup(_hand_picked(product_ids), request=request)
    products = public(ProductPage.objects.live())
    if category is not None:
        products = _in_categories(products, category_and_descendant_ids(category))
    if featured:
        products = products.filter(featured=True)
    ordering = SORTS.get(sort, SORTS["newest"])
    if "min_price" in ordering:
        products = _with_min_price(products)
    return product_card_markup(list(products.order_by(ordering, "pk")[:limit]), request=request)


def _hand_picked(product_ids: list[int]) -> list[ProductPage]:
    """The live products among `product_ids`, in that order."""
    by_pk = public(ProductPage.objects.live()).in_bulk(product_ids)
    return [by_pk[pk] for pk in product_ids if pk in by_pk]


def stream_product_ids(*streams) -> list[int]:
    """Every product chosen by hand in these StreamField values (product grids and featured products)."""
    ids: list[int] = []
    for stream in streams:
        for block in stream or []:
            value = block.value
            if block.block_type == "featured_product" and value.get("product"):
                ids.append(value["product"].pk)
            elif block.block_type == "product_grid" and value.get("source") == "products":
                ids.extend(page.pk for page in value["products"] if page)
    return ids


def stream_product_cards(*streams, request) -> dict[int, str]:
    """The cards of every hand-picked product on a page, by id, in one batch of queries however many
    blocks and products there are; the blocks read theirs from the page's context."""
    from .cards import product_card_markup

    ids = list(dict.fromkeys(stream_product_ids(*streams)))
    products = _hand_picked(ids) if ids else []
    return dict(zip([product.pk for product in products], product_card_markup(products, request=request), strict=True))


def shop_page() -> ShopPage | None:
    """The live shop page, whose routes give each category its URL."""
    return ShopPage.objects.live().first()


def related_products(*, product: ProductPage, limit: int = 4, category_ids: list[int] | None = None) -> list[int]:
    """The ids of the newest live products sharing a category with `product` (the newest of all for
    a product in none), newest first.

    Read from each category's newest `limit + 1` (one may be the product itself), kept with the
    shared data every cacheable render reads (publishing, a category change or a private section
    purges it): the query that found them cost about 2 ms of CPU on every product page, for lists
    that only a publish changes. Their cards' data is not read here: product_page_context reads
    what is not kept with the product's own variants and images."""
    if category_ids is None:
        category_ids = [category.pk for category in product.categories.all()]
    if not keeps_shared_data():
        # Nothing is kept (the page cache is off): this product's neighbours cost one query, every
        # category's newest a window over every product.
        related = public(ProductPage.objects.live()).exclude(pk=product.pk)
        if category_ids:
            related = _in_categories(related, category_ids)
        return list(related.order_by("-first_published_at", "pk").values_list("pk", flat=True)[:limit])
    newest = shared(f"newest-by-category:{limit + 1}", lambda: _newest_by_category(count=limit + 1))
    candidates = {pk: published for key in category_ids or [None] for published, pk in newest.get(key, [])}
    candidates.pop(product.pk, None)
    return sorted(candidates, key=lambda pk: _newest_first(candidates[pk], pk))[:limit]


def _newest_first(published, pk) -> tuple:
    # A page created live but never published through Wagtail has no date: after the others.
    return (published is None, -published.timestamp() if published else 0, pk)


def _newest_by_category(*, count: int) -> dict[int | None, list[tuple]]:
    """Each category's `count` newest live, public products as (first published, id), and under
    None the newest of all: two queries however many categories."""
    from django.db.models import F, Window
    from django.db.models.functions import RowNumber

    live = public(ProductPage.objects.live())
    memberships = ProductPage.categories.through.objects.filter(productpage__in=live.values("pk")).annotate(
        place=Window(
            RowNumber(),
            partition_by=F("category_id"),
            order_by=[F("productpage__first_published_at").desc(), F("productpage_id").asc()],
        )
    )
    rows = memberships.filter(place__lte=count).order_by("category_id", "place")
    newest: dict[int | None, list[tuple]] = defaultdict(list)
    for category_id, published, product_id in rows.values_list(
        "category_id", "productpage__first_published_at", "productpage_id"
    ):
        newest[category_id].append((published, product_id))
    newest[None] = list(live.order_by("-first_published_at", "pk").values_list("first_published_at", "pk")[:count])
    return dict(newest)


def category_tree(*, by_parent=None) -> list[Category]:
    """Top-level categories, each with `children.all()` (and theirs) answered from one query."""
    by_parent = categories_by_parent() if by_parent is None else by_parent
    for children in list(by_parent.values()):
        for category in children:
            # What prefetch_related would leave behind, from the rows already read.
            cached = Category.objects.all()
            cached._result_cache = by_parent.get(category.pk, [])
            cached._prefetch_done = True
            category._prefetched_objects_cache = {"children": cached}
    return by_parent.get(None, [])


def product_variants(*, product: ProductPage) -> list[dict]:
    """Each variant with its offer, read from `product`'s variants as card_lookups prefetches them."""
    on_sale = is_on_sale(product)
    return [{"variant": variant, "offer": offer_for(variant, on_sale=on_sale)} for variant in product.variants.all()]


PRODUCTS_PER_PAGE = 24


def _promoted(query: str) -> list:
    from .search import promoted_results

    return promoted_results(query) if query else []


def _popular_when_empty(page_obj, *, request) -> list[str]:
    from .search import popular_products

    return popular_products(request=request) if not page_obj.paginator.count else []


def shop_listing(*, params, category: Category | None, request, by_parent=None) -> dict:
    """Everything the shop page shows for these GET parameters: filters, one page of product cards.
    `by_parent`: the categories as categories_by_parent reads them, when already read."""
    from django.core.paginator import Paginator

    from .cards import product_card_markup_by_id
    from .forms import ListingFilterForm

    form = ListingFilterForm(params)
    data = form.cleaned_data if form.is_valid() else {}
    filters = ListingFilters(
        query=(data.get("q") or "").strip(),
        category=category,
        min_price=data.get("min_price"),
        max_price=data.get("max_price"),
        in_stock=bool(data.get("in_stock")),
        sort=data.get("sort") or "newest",
    )
    by_parent = categories_by_parent() if by_parent is None else by_parent
    found = product_search(filters=filters, by_parent=by_parent)
    page_obj = Paginator(found.product_ids, PRODUCTS_PER_PAGE).get_page(params.get("page"))
    kept = params.copy()
    kept.pop("page", None)
    has_filters = bool(filters.min_price is not None or filters.max_price is not None or filters.in_stock)
    return {
        "filter_form": form,
        "filters": filters,
        "has_filters": has_filters,
        "corrected_query": found.corrected_query,
        "promotions": _promoted(filters.query),
        "popular_product_cards": _popular_when_empty(page_obj, request=request),
        "current_category": category,
        "categories": category_tree(by_parent=by_parent),
        "page_obj": page_obj,
        "product_cards": product_card_markup_by_id(list(page_obj.object_list), request=request),
        "filter_querystring": kept.urlencode(),
    }


def rendition_urls(image, filters: dict[str, Filter]) -> dict[str, str]:
    """The URLs of `image`'s renditions by name (see CARD_RENDITIONS), from the renditions prefetched
    with it when there. Each URL is worked out once (a storage call), however often a template shows it.

    Not the {% image %} tag: in Wagtail 8.0 its get_rendition() writes each rendition back to the
    renditions cache even when it was prefetched (wagtail/wagtail#14541), a pickle and a Redis round
    trip per image, which was a third of /shop/'s render. get_renditions() writes only what it had
    to look up or create."""
    found = get_renditions_or_not_found(image, filters.values())
    return {name: found[rendition.spec].url for name, rendition in filters.items()}


def listing_item(product: ProductPage) -> dict:
    """What a product card needs, read from the prefetched product (variants with their stock,
    first image with its renditions)."""
    variants = list(product.variants.all())
    first_image = next(iter(product.gallery_images.all()), None)
    on_sale = is_on_sale(product)
    return {
        "product": product,
        "image": rendition_urls(first_image.image, CARD_RENDITIONS) if first_image else None,
        "alt_text": first_image.alt_text if first_image and first_image.alt_text else product.title,
        "offer": product_offer([offer_for(variant, on_sale=on_sale) for variant in variants]),
        "price_varies": len({current_price(v) for v in variants}) > 1,
    }


def product_page_context(*, product: ProductPage, request) -> dict:
    from .cards import product_card_markup_by_id

    categories = list(product.categories.select_related("parent__parent"))
    related = related_products(product=product, category_ids=[category.pk for category in categories])
    lookups = card_lookups(gallery=_gallery(CARD_RENDITIONS, GALLERY_RENDITIONS, SHARE_RENDITIONS))

    def with_the_product(missing: list[ProductPage]) -> None:
        # The related products whose cards are not kept come in the same queries as the product's
        # own variants and gallery: three queries fewer, and a query costs more CPU to build and
        # read than the rows it returns. (Reading only their first images, in card sizes, through
        # OR-ed filters was tried: nearly a third fewer instances, but no less CPU, the filters costing as much.)
        prefetch_related_objects([product, *missing], *lookups)

    related_cards = product_card_markup_by_id(related, request=request, prefetch=with_the_product)
    prefetch_related_objects([product], *lookups)  # when every related card was kept
    variants = product_variants(product=product)
    gallery = list(product.gallery_images.all())
    return {
        "variants": variants,
        "default_variant": next((v for v in variants if v["offer"].buyable), variants[0] if variants else None),
        "gallery": [{"alt_text": item.alt_text, **rendition_urls(item.image, GALLERY_RENDITIONS)} for item in gallery],
        "share_image_url": rendition_urls(gallery[0].image, SHARE_RENDITIONS)["share"] if gallery else "",
        "og_type": "product",
        "breadcrumb_category": categories[0] if categories else None,
        "related_product_cards": related_cards,
    }
