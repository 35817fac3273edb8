"""The orders back office: listing, order page, status changes, notes, print views and bulk changes.

Orders are never created or deleted by hand (the permission policy refuses both for every role):
they are cancelled or refunded. Paid and refunded are recorded by commerce.payments only.
"""

import django_filters
from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, TitleColumn
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic import EditView, IndexView, InspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import policy_registry, register_permission_policy

from commerce.accounts.wagtail_hooks import CUSTOMER_PAGE_PANELS_HOOK
from core.money import format_money
from core.permissions import RefusingPermissionPolicy
from core.selectors import store_settings

from .admin_panels import (
    MANAGE_ORDERS,
    CustomerOrdersPanel,
    OrdersDashboardPanel,
    SalesByDayReport,
    TopProductsReport,
)
from .models import Order, OrderEvent, OrderStatus, ShippingMethod
from .selectors import AWAITING_SHIPMENT
from .services import (
    SETTLED_BY_PAYMENT,
    InvalidTransition,
    add_order_note,
    allowed_next_statuses,
    change_order_status,
    change_orders_status,
    ship_order,
)

# Apps above orders (payments, livechat) add sections to the order page through this hook, so
# orders never imports them: fn(request, order) -> a wagtail.admin.ui.components.Component or None.
ORDER_PAGE_PANELS_HOOK = "construct_order_admin_panels"


# Orders come from checkout and are cancelled or refunded, never added or removed by hand.
register_permission_policy(Order, RefusingPermissionPolicy(Order))
order_permission_policy = policy_registry.get_by_type(Order)


def status_words(status: str) -> str:
    return OrderStatus(status).label if status else "—"


def event_in_words(event: OrderEvent) -> str:
    """'Awaiting payment → Paid', or 'Awaiting payment' for the first event."""
    if not event.from_status:
        return status_words(event.to_status)
    return f"{status_words(event.from_status)} → {status_words(event.to_status)}"


class OrderStatusForm(forms.ModelForm):
    """Staff move an order along the fulfilment workflow; only the transitions allowed from here are offered.

    Paid and refunded are never offered: payments record those (the payments admin, or PayPal).
    Shipping needs the carrier and tracking number, which the customer sees.
    """

    to_status = forms.ChoiceField(
        label="New status",
        error_messages={
            "invalid_choice": "Staff cannot move this order to “%(value)s” here: paid and refunded are recorded "
            "under Payments, and other statuses follow the workflow."
        },
    )
    carrier = forms.CharField(required=False, max_length=100, help_text="Needed to mark the order shipped.")
    tracking_number = forms.CharField(required=False, max_length=100, help_text="Needed to mark the order shipped.")
    note = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in the history (staff only)."
    )

    class Meta:
        model = Order
        fields = []

    def __init__(self, *args, **kwargs):
        kwargs.pop("for_user", None)
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = [
            (status, OrderStatus(status).label) for status in allowed_next_statuses(self.instance)
        ]
        if OrderStatus.SHIPPED not in allowed_next_statuses(self.instance):
            del self.fields["carrier"], self.fields["tracking_number"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("to_status") == OrderStatus.SHIPPED:
            for name in ("carrier", "tracking_number"):
                if not cleaned.get(name, "").strip():
                    self.add_error(name, "A shipped order needs this.")
        return cleaned


class OrderEditView(EditView):
    """Change status: the transitions allowed from the order's status, and nothing else."""

    template_name = "orders/admin/order_edit.html"
    page_title = "Change status"

    def save_instance(self):
        data = self.form.cleaned_data
        if data["to_status"] == OrderStatus.SHIPPED:
            return ship_order(
                order=self.object,
                carrier=data["carrier"],
                tracking_number=data["tracking_number"],
                actor=self.request.user,
                note=data["note"],
            )
        return change_order_status(
            order=self.object, to_status=data["to_status"], actor=self.request.user, note=data["note"]
        )

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvalidTransition as refusal:
            messages.error(self.request, str(refusal))
            return self.form_invalid(form)

    def get_success_url(self):
        return reverse("orders:inspect", args=[self.object.pk])

    def get_success_message(self, instance=None):
        return f"Order {self.object.reference} is now {self.object.get_status_display()}."


class OrderPageView(InspectView):
    """The order page: lines, totals, address, shipment, payment and conversations (from the apps above), history."""

    template_name = "orders/admin/order_page.html"
    page_title = "Order"

    def get_object(self, queryset=None):
        orders = Order.objects.select_related("user").prefetch_related(
            "lines",
            Prefetch("events", queryset=OrderEvent.objects.select_related("actor")),
            "notes__author",
        )
        return get_object_or_404(orders, pk=self.pk)

    def get_fields(self):
        return []

    @cached_property
    def header_more_buttons(self):
        return []

    @property
    def header_buttons(self):
        order, user = self.object, self.request.user
        buttons = []
        if order_permission_policy.user_has_permission(user, "change"):
            if allowed_next_statuses(order):
                buttons.append(
                    Button("Change status", url=reverse("orders:edit", args=[order.pk]), icon_name="edit", priority=10)
                )
            buttons.append(Button("Add note", url=reverse("orders:note", args=[order.pk]), icon_name="comment"))
        buttons += [
            Button("Invoice", url=reverse("orders:invoice", args=[order.pk]), icon_name="doc-full", priority=30),
            Button("Packing slip", url=reverse("orders:packing_slip", args=[order.pk]), icon_name="list-ul"),
        ]
        return buttons

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        order = self.object
        panels = [fn(self.request, order) for fn in hooks.get_hooks(ORDER_PAGE_PANELS_HOOK)]
        context.update(
            {
                "order": order,
                "history": [
                    {"event": event, "change": event_in_words(event)}
                    for event in order.events.all()  # prefetched, oldest first
                ],
                "panels": [panel for panel in panels if panel is not None],
            }
        )
        return context


class OrderIndexView(IndexView):
    template_name = "orders/admin/order_index.html"

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("user")

    @cached_property
    def columns(self):
        # Each row opens the order page, which everyone allowed to list orders may see.
        title = self._get_custom_column(
            "reference",
            self._get_title_column_class(TitleColumn),
            get_url=self.get_inspect_url,
            get_title_id=lambda order: f"order_{order.pk}_title",
        )
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="snippet"), title, *super().columns[1:]]


class OrderFilterSet(WagtailFilterSet):
    awaiting = django_filters.ChoiceFilter(
        label="Awaiting",
        choices=[("shipment", "Shipment"), ("payment", "Payment")],
        method="filter_awaiting",
        empty_label="All",
        widget=forms.RadioSelect,
    )
    created = django_filters.DateFromToRangeFilter(label="Placed")

    class Meta:
        model = Order
        fields = ["status", "payment_method", "created"]

    def filter_awaiting(self, queryset, name, value):
        if value == "shipment":
            return queryset.filter(status__in=AWAITING_SHIPMENT)
        if value == "payment":
            return queryset.filter(status=OrderStatus.PENDING_PAYMENT)
        return queryset


class OrderNoteForm(forms.Form):
    body = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 4}), max_length=4000)
    to_customer = forms.TypedChoiceField(
        label="Who reads it",
        choices=[("", "Staff only (internal note)"), ("1", "The customer (emailed, and shown on their order page)")],
        coerce=bool,
        empty_value=False,
        required=False,
        widget=forms.RadioSelect,
        initial="",
    )


def order_note_view(request, pk):
    order = get_object_or_404(Order, pk=pk)
    if not order_permission_policy.user_has_permission(request.user, "change"):
        raise PermissionDenied
    form = OrderNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        note = add_order_note(order=order, body=data["body"], author=request.user, to_customer=data["to_customer"])
        messages.success(
            request, "Note emailed to the customer." if note.to_customer else "Internal note kept on the order."
        )
        return redirect("orders:inspect", pk=order.pk)
    return TemplateResponse(
        request,
        "orders/admin/order_note.html",
        {"order": order, "form": form, "header_title": f"Note on order {order.reference}"},
    )


def _printable(template_name):
    def view(request, pk):
        if not order_permission_policy.user_has_any_permission(request.user, {"view", "change"}):
            raise PermissionDenied
        order = get_object_or_404(Order.objects.prefetch_related("lines"), pk=pk)
        return TemplateResponse(request, template_name, {"order": order, "store": store_settings()})

    return view


order_invoice_view = _printable("orders/admin/invoice.html")
order_packing_slip_view = _printable("orders/admin/packing_slip.html")


def _total_with_currency(order):
    return format_money(order.total, order.currency)


class OrderViewSet(ModelViewSet):
    model = Order
    icon = "doc-full"
    menu_label = "Orders"
    name = "orders"
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = OrderIndexView
    edit_view_class = OrderEditView
    inspect_view_class = OrderPageView
    filterset_class = OrderFilterSet
    search_fields = ["reference", "email", "shipping_full_name"]
    search_backend_name = None
    list_display = [
        "reference",
        "shipping_full_name",
        "email",
        "status",
        Column("total", label="Total", accessor=_total_with_currency, sort_key="total"),
        "payment_method",
        DateColumn("created", label="Placed", sort_key="created"),
    ]
    list_export = [
        "reference",
        "created",
        "get_status_display",
        "email",
        "shipping_full_name",
        "get_payment_method_display",
        "subtotal",
        "shipping_cost",
        "total",
        "currency",
        "carrier",
        "tracking_number",
    ]
    export_headings = {
        "reference": "Reference",
        "created": "Placed",
        "get_status_display": "Status",
        "email": "Email",
        "shipping_full_name": "Name",
        "get_payment_method_display": "Payment method",
        "subtotal": "Subtotal",
        "shipping_cost": "Shipping",
        "total": "Total",
        "currency": "Currency",
        "carrier": "Carrier",
        "tracking_number": "Tracking number",
    }
    export_filename = "orders"
    ordering = ["-created"]
    list_per_page = 50

    def get_form_class(self, for_update=False):
        return OrderStatusForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("note/<int:pk>/", order_note_view, name="note"),
            path("invoice/<int:pk>/", order_invoice_view, name="invoice"),
            path("packing-slip/<int:pk>/", order_packing_slip_view, name="packing_slip"),
        ]


class OrderStatusBulkForm(forms.Form):
    to_status = forms.ChoiceField(
        label="New status",
        choices=[(s.value, s.label) for s in OrderStatus if s not in SETTLED_BY_PAYMENT and s != OrderStatus.SHIPPED],
        help_text="Orders that cannot move to this status from theirs are left as they are. "
        "Ship orders one at a time, with their tracking numbers.",
    )
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Kept in each history.")


@hooks.register("register_bulk_action")
class ChangeOrdersStatusBulkAction(BulkAction):
    """Move the selected orders to one status through the workflow service; each refusal is reported."""

    display_name = "Change status"
    action_type = "change-status"
    aria_label = "Change the status of the selected orders"
    models = [Order]
    form_class = OrderStatusBulkForm
    template_name = "orders/admin/confirm_bulk_status.html"
    action_priority = 10

    @cached_property
    def permission_policy(self):
        return order_permission_policy

    def check_perm(self, obj):
        return self.permission_policy.user_has_permission(self.request.user, "change")

    def object_context(self, obj):
        return {"item": obj, "edit_url": reverse("orders:inspect", args=[obj.pk])}

    def get_execution_context(self):
        return {**super().get_execution_context(), "action": self, **self.cleaned_form.cleaned_data}

    @classmethod
    def execute_action(cls, objects, action=None, to_status=None, note="", **kwargs):
        moved, refusals = change_orders_status(
            orders=objects, to_status=to_status, actor=action.request.user, note=note
        )
        for refusal in refusals:
            messages.warning(action.request, refusal)
        return len(moved), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return ngettext("%(count)d order changed.", "%(count)d orders changed.", num_parent_objects) % {
            "count": num_parent_objects
        }


class ShippingMethodViewSet(ModelViewSet):
    model = ShippingMethod
    icon = "site"
    menu_label = "Shipping methods"
    name = "shipping-methods"
    add_to_admin_menu = False
    form_fields = ["name", "description", "price", "is_active", "sort_order"]
    list_display = [
        "name",
        Column("price", label="Price", accessor=lambda method: format_money(method.price)),
        "is_active",
        "sort_order",
    ]
    ordering = ["sort_order", "price"]


class OrdersGroup(ViewSetGroup):
    menu_label = "Orders"
    menu_icon = "doc-full-inverse"
    menu_order = 210
    items = (OrderViewSet, ShippingMethodViewSet)


@hooks.register("register_admin_viewset")
def register_orders_admin():
    return OrdersGroup()


@hooks.register("construct_homepage_panels")
def add_orders_dashboard_panel(request, panels):
    if request.user.has_perm(MANAGE_ORDERS):
        panels.append(OrdersDashboardPanel())


@hooks.register("register_admin_urls")
def register_sales_report_urls():
    return [
        path("reports/sales/", SalesByDayReport.as_view(), name="orders_sales_report"),
        path(
            "reports/sales/results/",
            SalesByDayReport.as_view(results_only=True),
            name="orders_sales_report_results",
        ),
        path("reports/top-products/", TopProductsReport.as_view(), name="orders_top_products_report"),
        path(
            "reports/top-products/results/",
            TopProductsReport.as_view(results_only=True),
            name="orders_top_products_report_results",
        ),
    ]


class ManagerReportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MANAGE_ORDERS)


@hooks.register("register_reports_menu_item")
def register_sales_report_menu_item():
    return ManagerReportMenuItem("Sales by day", reverse("orders_sales_report"), icon_name="table", order=100)


@hooks.register("register_reports_menu_item")
def register_top_products_menu_item():
    return ManagerReportMenuItem("Top products", reverse("orders_top_products_report"), icon_name="pick", order=110)


@hooks.register(CUSTOMER_PAGE_PANELS_HOOK)
def customer_orders_panel(request, customer):
    if order_permission_policy.user_has_any_permission(request.user, {"view", "change"}):
        return CustomerOrdersPanel(customer)
    return None
