"""The catalogue's dashboard panel (registered in wagtail_hooks)."""

from django.conf import settings
from django.urls import reverse
from wagtail.admin.ui.components import Component

from .models import StockRecord


class LowStockPanel(Component):
    """How many variants are at or below LOW_STOCK_THRESHOLD, linking to the inventory filtered to them."""

    name = "low_stock"
    order = 20
    template_name = "catalogue/admin/dashboard_low_stock.html"

    def get_context_data(self, parent_context=None):
        return {
            "low_stock": StockRecord.objects.filter(quantity__lte=settings.LOW_STOCK_THRESHOLD).count(),
            "threshold": settings.LOW_STOCK_THRESHOLD,
            "url": reverse("inventory:index") + "?low_stock=true",
        }
