"""Discount codes in the admin: Managers create, edit and switch them off; uses are listed read-only."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from core.permissions import RefusingPermissionPolicy

from .models import DiscountCode, DiscountKind, Redemption

# A use is taken when an order is placed and given back when an unpaid order ends: staff only read them.
register_permission_policy(
    Redemption, RefusingPermissionPolicy(Redemption, refused=frozenset({"add", "change", "delete"}))
)


class DiscountCodeFilterSet(WagtailFilterSet):
    is_active = django_filters.BooleanFilter(label="Active")
    kind = django_filters.ChoiceFilter(choices=DiscountKind.choices, label="Kind")

    class Meta:
        model = DiscountCode
        fields = []


class DiscountCodeViewSet(SnippetViewSet):
    model = DiscountCode
    icon = "tag"
    menu_label = "Discount codes"
    menu_name = "discount-codes"
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "code",
        Column("summary", label="Discount"),
        "minimum_order_value",
        "valid_until",
        Column("times_used", label="Used"),
        "usage_limit",
        "is_active",
    ]
    list_export = ["code", "description", "kind", "value", "minimum_order_value", "times_used", "usage_limit"]
    search_fields = ["code", "description"]
    search_backend_name = None
    ordering = ["-created", "pk"]
    filterset_class = DiscountCodeFilterSet
    inspect_view_enabled = True
    inspect_view_fields = [
        "code",
        "description",
        "kind",
        "value",
        "categories",
        "minimum_order_value",
        "valid_from",
        "valid_until",
        "usage_limit",
        "usage_limit_per_customer",
        "times_used",
        "is_active",
    ]


register_snippet(DiscountCodeViewSet)


class RedemptionFilterSet(WagtailFilterSet):
    code = django_filters.ModelChoiceFilter(queryset=DiscountCode.objects.all(), label="Code")

    class Meta:
        model = Redemption
        fields = []


class RedemptionViewSet(ModelViewSet):
    """Which orders hold a use of which code, and what it took off; read-only."""

    model = Redemption
    icon = "list-ul"
    menu_label = "Discount uses"
    menu_order = 251
    add_to_admin_menu = True
    name = "discount_uses"
    copy_view_enabled = False
    inspect_view_enabled = True
    filterset_class = RedemptionFilterSet
    form_fields = []  # never edited: the permission policy refuses it
    search_fields = ["order__reference", "email", "code__code"]
    search_backend_name = None
    ordering = ["-created"]
    list_display = [
        "order",
        "code",
        "email",
        Column("amount", label="Discount"),
        DateColumn("created", label="Placed", sort_key="created"),
    ]

    def get_queryset(self, request):
        return Redemption.objects.select_related("order", "code")


@hooks.register("register_admin_viewset")
def register_discount_uses():
    return RedemptionViewSet()


@hooks.register("before_delete_snippet")
def keep_codes_that_orders_use(request, instances):
    """A code orders hold a use of stays (their history names it): switch it off instead."""
    codes = [instance for instance in instances if isinstance(instance, DiscountCode)]
    used = sorted({r.code.code for r in Redemption.objects.filter(code__in=codes).select_related("code")})
    if not used:
        return None
    messages.error(
        request, f"Orders use {', '.join(used)}: untick “Is active” to stop the code instead of deleting it."
    )
    return redirect("wagtailsnippets_discounts_discountcode:list")
