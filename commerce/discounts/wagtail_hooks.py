"""Discount codes in the admin: Managers create, edit and switch them off; uses are listed read-only."""

import django_filters
from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import DiscountCode, DiscountKind, Redemption


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
