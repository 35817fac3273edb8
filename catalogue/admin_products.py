"""The product listing: every product with thumbnail, price range, total stock, categories and status."""

import django_filters
from django import forms
from django.conf import settings
from django.db.models import Sum
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.pages.listing import IndexView, PageFilterSet
from wagtail.admin.viewsets.pages import PageListingViewSet

from core.money import format_money

from .models import Category, ProductPage, ProductVariant


class ThumbnailColumn(Column):
    cell_template_name = "catalogue/admin/thumbnail_cell.html"

    def get_value(self, instance):
        images = list(instance.gallery_images.all())
        return images[0].image if images else None


def _units(variant) -> int:
    record = getattr(variant, "stock", None)  # a variant saved before its stock record has none yet
    return record.quantity if record else 0


def total_stock(product) -> int:
    return sum(_units(variant) for variant in product.variants.all())


def price_range(product) -> str:
    prices = sorted(variant.price for variant in product.variants.all())
    if not prices:
        return "—"
    if prices[0] == prices[-1]:
        return format_money(prices[0])
    return f"{format_money(prices[0])}–{format_money(prices[-1])}"


def category_names(product) -> str:
    return ", ".join(category.name for category in product.categories.all()) or "—"


class ProductFilterSet(PageFilterSet):
    live = django_filters.BooleanFilter(label="Live")
    category = django_filters.ModelChoiceFilter(
        label="Category", field_name="categories", queryset=Category.objects.order_by("name")
    )
    stock = django_filters.ChoiceFilter(
        label="Stock",
        choices=[("sold_out", "Sold out"), ("low", "Low"), ("in_stock", "In stock")],
        method="filter_stock",
        empty_label="Any",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = ProductPage
        fields = []

    def filter_stock(self, queryset, name, value):
        # By the products' total units on hand, without annotating the listing's queryset.
        totals = ProductVariant.objects.values("product").annotate(total=Sum("stock__quantity"))
        threshold = settings.LOW_STOCK_THRESHOLD
        wanted = {
            "sold_out": totals.filter(total__lte=0),
            "low": totals.filter(total__gt=0, total__lte=threshold),
            "in_stock": totals.filter(total__gt=threshold),
        }.get(value)
        if wanted is None:
            return queryset
        return queryset.filter(pk__in=wanted.values("product"))


class ProductIndexView(IndexView):
    def annotate_queryset(self, pages):
        return (
            super().annotate_queryset(pages).prefetch_related("variants__stock", "categories", "gallery_images__image")
        )


def _base_column(name):
    return next(column for column in IndexView.base_columns if column.name == name)


class ProductListingViewSet(PageListingViewSet):
    model = ProductPage
    icon = "pick"
    menu_label = "Products"
    menu_order = 50
    name = "products"
    add_to_admin_menu = False
    index_view_class = ProductIndexView
    filterset_class = ProductFilterSet
    columns = [
        _base_column("bulk_actions"),
        ThumbnailColumn("thumbnail", label="Image", width="8%"),
        _base_column("title"),
        Column("price", label="Price", accessor=price_range),
        Column("stock", label="Stock", accessor=total_stock),
        Column("categories", label="Categories", accessor=category_names),
        _base_column("status"),
    ]
