"""The orders' dashboard panel and sales reports (registered in wagtail_hooks)."""

import django_filters
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import policy_registry

from core.money import format_money

from .models import Order
from .selectors import customer_orders, dashboard_figures, sales_by_day, top_products

MANAGE_ORDERS = "orders.change_order"


class OrdersDashboardPanel(Component):
    """Today's and this week's orders and revenue, and the orders waiting on the shop or the customer."""

    name = "orders"
    order = 10
    template_name = "orders/admin/dashboard_panel.html"

    def get_context_data(self, parent_context=None):
        figures = dashboard_figures()
        index = reverse("orders:index")
        return {
            **figures,
            "today_url": f"{index}?created_after={figures['today_date'].isoformat()}",
            "week_url": f"{index}?created_after={figures['week_start_date'].isoformat()}",
            "awaiting_shipment_url": f"{index}?awaiting=shipment",
            "awaiting_payment_url": f"{index}?awaiting=payment",
            "sales_report_url": reverse("orders_sales_report"),
        }


class SalesFilterSet(WagtailFilterSet):
    """A date range on the orders behind the report's rows (already grouped by day or product)."""

    created = django_filters.DateFromToRangeFilter(label="Placed", method="filter_created")
    created_lookup = "created__date"

    class Meta:
        model = Order
        fields = []

    def filter_created(self, queryset, name, value):
        if value and value.start:
            queryset = queryset.filter(**{f"{self.created_lookup}__gte": value.start})
        if value and value.stop:
            queryset = queryset.filter(**{f"{self.created_lookup}__lte": value.stop})
        return queryset


class TopProductsFilterSet(SalesFilterSet):
    created_lookup = "order__created__date"


class OrdersReport(ReportView):
    any_permission_required = ["change"]

    @property
    def permission_policy(self):
        return policy_registry.get_by_type(Order)


def _money(amount):
    return format_money(amount)


class SalesByDayReport(OrdersReport):
    """Orders placed and revenue (money received) per day, newest first; exportable as CSV or XLSX."""

    page_title = "Sales by day"
    header_icon = "table"
    index_url_name = "orders_sales_report"
    index_results_url_name = "orders_sales_report_results"
    filterset_class = SalesFilterSet
    columns = [
        Column("day", label="Day"),
        Column("orders", label="Orders"),
        Column("revenue", label="Revenue", accessor=lambda row: _money(row["revenue"])),
    ]
    list_export = ["day", "orders", "revenue"]
    export_headings = {"day": "Day", "orders": "Orders", "revenue": "Revenue"}

    def get_filename(self):
        return f"sales-by-day-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        return sales_by_day()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["top_products_url"] = reverse("orders_top_products_report")
        return context


class TopProductsReport(OrdersReport):
    """The products that brought in most money (paid orders), in a date range; exportable."""

    page_title = "Top products"
    header_icon = "pick"
    index_url_name = "orders_top_products_report"
    index_results_url_name = "orders_top_products_report_results"
    filterset_class = TopProductsFilterSet
    columns = [
        Column("product_name", label="Product"),
        Column("units", label="Units sold"),
        Column("revenue", label="Revenue", accessor=lambda row: _money(row["revenue"])),
    ]
    list_export = ["product_name", "units", "revenue"]
    export_headings = {"product_name": "Product", "units": "Units sold", "revenue": "Revenue"}

    def get_filename(self):
        return f"top-products-{timezone.localdate().isoformat()}"

    def get_queryset(self):
        return top_products()


class CustomerOrdersPanel(Component):
    """The orders section of the customer page (accounts' hook): each order, and the amount spent."""

    template_name = "orders/admin/customer_orders_panel.html"

    def __init__(self, customer):
        self.customer = customer

    def get_context_data(self, parent_context=None):
        orders, spent = customer_orders(user=self.customer)
        return {"orders": orders[:50], "order_count": orders.count(), "spent": spent}
