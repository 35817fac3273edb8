"""Catalogue reads. Listing queries are bounded: their count does not grow with products or variants."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import IntegerField, Min, OuterRef, Prefetch, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import Category, ProductImage, ProductPage, ProductVariant, StockRecord

# The renditions the templates ask for, fetched with the images instead of one query each.
LISTING_RENDITIONS = ("fill-480x480|format-webp", "fill-960x960|format-webp")
GALLERY_RENDITIONS = ("fill-600x600|format-webp", "fill-1200x1200|format-webp")

SORTS = {
    "newest": "-first_published_at",
    "price_asc": "min_price",
    "price_desc": "-min_price",
    "name": "title",
}


@dataclass(frozen=True)
class ListingFilters:
    query: str = ""
    category: Category | None = None
    min_price: Decimal | None = None
    max_price: Decimal | None = None
    in_stock: bool = False
    sort: str = "newest"


def category_and_descendant_ids(category: Category) -> list[int]:
    """The category and every category below it (the tree is two or three levels deep)."""
    ids, frontier = [category.pk], [category.pk]
    while frontier:
        frontier = list(Category.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        ids.extend(frontier)
    return ids


def _with_listing_figures(products):
    stock_sum = (
        StockRecord.objects.filter(variant__product=OuterRef("pk"))
        .values("variant__product")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    return products.annotate(
        min_price=Min("variants__price"),
        stock_on_hand=Coalesce(Subquery(stock_sum, output_field=IntegerField()), Value(0)),
    )


def _listing_prefetches(products):
    return products.prefetch_related(
        Prefetch("gallery_images", queryset=_gallery(LISTING_RENDITIONS)),
        Prefetch("variants", queryset=ProductVariant.objects.order_by("sort_order").select_related("stock")),
    )


def _gallery(renditions):
    from wagtail.images import get_image_model

    images = get_image_model().objects.prefetch_renditions(*renditions)
    return ProductImage.objects.order_by("sort_order").prefetch_related(Prefetch("image", queryset=images))


def product_list(*, filters: ListingFilters):
    """Live products matching the filters, annotated with `min_price` and `stock_on_hand`."""
    products = ProductPage.objects.live().public()
    if filters.category is not None:
        products = products.filter(categories__in=category_and_descendant_ids(filters.category)).distinct()
    products = _with_listing_figures(products)
    if filters.min_price is not None:
        products = products.filter(min_price__gte=filters.min_price)
    if filters.max_price is not None:
        products = products.filter(min_price__lte=filters.max_price)
    if filters.in_stock:
        products = products.filter(stock_on_hand__gt=0)
    products = _listing_prefetches(products)
    if filters.query:
        # Search the index as a whole: naming fields would bypass PostgreSQL's full-text index.
        return products.search(filters.query, order_by_relevance=filters.sort == "relevance")
    return products.order_by(SORTS.get(filters.sort, SORTS["newest"]), "pk")


def featured_products(*, limit: int = 8):
    products = _with_listing_figures(ProductPage.objects.live().public().filter(featured=True))
    return list(_listing_prefetches(products).order_by("-first_published_at")[:limit])


def related_products(*, product: ProductPage, limit: int = 4):
    category_ids = [category.pk for category in product.categories.all()]
    products = ProductPage.objects.live().public().exclude(pk=product.pk)
    if category_ids:
        products = products.filter(categories__in=category_ids).distinct()
    products = _listing_prefetches(_with_listing_figures(products))
    return list(products.order_by("-first_published_at")[:limit])


def category_tree():
    """Top-level categories with their children prefetched (one query per level)."""
    return Category.objects.filter(parent__isnull=True).prefetch_related("children__children")


@dataclass(frozen=True)
class VariantAvailability:
    price: Decimal
    available: int


def variant_availability(variant_ids) -> dict[int, VariantAvailability]:
    """The one place that answers "what does this variant cost and how many can be bought"."""
    variants = ProductVariant.objects.filter(pk__in=variant_ids, product__live=True).select_related("stock")
    return {
        variant.pk: VariantAvailability(
            price=variant.price, available=variant.stock.quantity if hasattr(variant, "stock") else 0
        )
        for variant in variants
    }


def stock_status(quantity: int) -> tuple[str, str]:
    """("in_stock" | "low" | "sold_out", a label for the customer)."""
    if quantity <= 0:
        return "sold_out", "Sold out"
    if quantity <= settings.LOW_STOCK_THRESHOLD:
        return "low", f"Only {quantity} left"
    return "in_stock", "In stock"


def product_variants(*, product: ProductPage) -> list[dict]:
    variants = ProductVariant.objects.filter(product=product).select_related("stock").order_by("sort_order")
    result = []
    for variant in variants:
        quantity = variant.stock.quantity if hasattr(variant, "stock") else 0
        status, label = stock_status(quantity)
        result.append({"variant": variant, "quantity": quantity, "status": status, "status_label": label})
    return result


def low_stock_filter(threshold: int | None = None) -> Q:
    return Q(quantity__lte=settings.LOW_STOCK_THRESHOLD if threshold is None else threshold)


PRODUCTS_PER_PAGE = 24


def shop_listing(*, params, category: Category | None) -> dict:
    """Everything the shop page shows for these GET parameters: filters, one page of products."""
    from django.core.paginator import Paginator

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
    page_obj = Paginator(product_list(filters=filters), PRODUCTS_PER_PAGE).get_page(params.get("page"))
    kept = params.copy()
    kept.pop("page", None)
    has_filters = bool(
        filters.query or filters.min_price is not None or filters.max_price is not None or filters.in_stock
    )
    return {
        "filter_form": form,
        "filters": filters,
        "has_filters": has_filters,
        "current_category": category,
        "categories": category_tree(),
        "page_obj": page_obj,
        "products": [listing_item(product) for product in page_obj.object_list],
        "filter_querystring": kept.urlencode(),
    }


def listing_item(product: ProductPage) -> dict:
    """What a product card needs, read from the prefetched and annotated product."""
    variants = list(product.variants.all())
    first_image = next(iter(product.gallery_images.all()), None)
    compare_at = [v.compare_at_price for v in variants if v.compare_at_price and v.price == product.min_price]
    status, label = stock_status(product.stock_on_hand)
    return {
        "product": product,
        "image": first_image.image if first_image else None,
        "alt_text": first_image.alt_text if first_image and first_image.alt_text else product.title,
        "price": product.min_price,
        "compare_at_price": compare_at[0] if compare_at else None,
        "price_varies": len({v.price for v in variants}) > 1,
        "stock_status": status,
        "stock_label": label,
    }


def product_page_context(*, product: ProductPage) -> dict:
    variants = product_variants(product=product)
    gallery = list(_gallery(GALLERY_RENDITIONS).filter(product=product))
    categories = list(product.categories.select_related("parent__parent"))
    return {
        "variants": variants,
        "default_variant": next((v for v in variants if v["status"] != "sold_out"), variants[0] if variants else None),
        "gallery": gallery,
        "breadcrumb_category": categories[0] if categories else None,
        "related_products": [listing_item(p) for p in related_products(product=product)],
    }
