import django_filters
from django import forms
from django.conf import settings
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import EditView, IndexView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from core.pagecache import purge_on_commit
from core.permissions import RefusingPermissionPolicy

from .admin_panels import LowStockPanel
from .admin_products import ProductListingViewSet
from .models import Category, StockRecord
from .services import set_stock


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = "Categories"
    menu_order = 100
    list_display = ["name", "slug", "parent", "sort_order"]
    search_fields = ["name", "slug", "description"]
    # Plain database filtering: a handful of categories needs no full-text index, and a
    # field-restricted index search is not available on SQLite.
    search_backend_name = None
    ordering = ["sort_order", "name"]
    list_filter = ["parent"]


# A stock record is created with its variant and goes with it: staff change quantities only.
register_permission_policy(StockRecord, RefusingPermissionPolicy(StockRecord))


class StockFilterSet(WagtailFilterSet):
    low_stock = django_filters.BooleanFilter(label="Low stock", method="filter_low_stock")

    class Meta:
        model = StockRecord
        fields = []

    def filter_low_stock(self, queryset, name, value):
        if value is None:
            return queryset
        threshold = settings.LOW_STOCK_THRESHOLD
        return queryset.filter(quantity__lte=threshold) if value else queryset.filter(quantity__gt=threshold)


class StockForm(forms.ModelForm):
    quantity = forms.IntegerField(min_value=0, max_value=1_000_000, help_text="Units on hand now.")

    class Meta:
        model = StockRecord
        fields = ["quantity"]


class StockEditView(EditView):
    def save_instance(self):
        # Through the service, under a row lock, so a checkout running now is not overwritten mid-way.
        return set_stock(variant=self.object.variant, quantity=self.form.cleaned_data["quantity"])


class InventoryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("variant__product")


class InventoryViewSet(ModelViewSet):
    """Stock lives here, not in page revisions: publishing an old product revision never touches it."""

    model = StockRecord
    icon = "list-ul"
    menu_label = "Inventory"
    menu_order = 300
    name = "inventory"
    add_to_admin_menu = False
    edit_view_class = StockEditView
    index_view_class = InventoryIndexView
    filterset_class = StockFilterSet
    search_fields = ["variant__sku", "variant__product__title", "variant__option_label"]
    ordering = ["quantity", "variant__sku"]
    list_display = [
        "variant__sku",  # the title column: each row opens its stock form
        Column("product", label="Product", accessor="variant.product.title"),
        Column("option", label="Option", accessor="variant.option_label"),
        "quantity",
        "updated",
    ]
    list_per_page = 50
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return StockForm


# Apps above the catalogue (reviews) add their screens to this menu through the hook, so the
# catalogue never imports them.
CATALOGUE_MENU_HOOK = "register_catalogue_menu_item"


class CatalogueGroup(ViewSetGroup):
    menu_label = "Catalogue"
    menu_icon = "pick"
    menu_order = 200
    submenu_hook = CATALOGUE_MENU_HOOK
    items = (ProductListingViewSet, CategoryViewSet, InventoryViewSet)


@hooks.register("register_admin_viewset")
def register_catalogue_admin():
    return CatalogueGroup()


@hooks.register("construct_homepage_panels")
def add_low_stock_panel(request, panels):
    if request.user.has_perm("catalogue.change_stockrecord"):
        panels.append(LowStockPanel())


# A category's name and place in the tree show in listings, breadcrumbs and menus of cached pages.
@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def purge_pages_after_category_change(request, instance):
    if isinstance(instance, Category):
        purge_on_commit()


@hooks.register("after_delete_snippet")
def purge_pages_after_category_delete(request, instances):
    if any(isinstance(instance, Category) for instance in instances):
        purge_on_commit()
