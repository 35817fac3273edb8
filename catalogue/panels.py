"""The stock section of the product editor: figures from StockRecord, never part of a page revision."""

from django.urls import reverse
from wagtail.admin.panels import Panel


class StockPanel(Panel):
    """Each variant's units on hand, with a link to change them through the stock service (under a lock).

    Read from the stock rows on every render, so a draft or an old revision never shows or restores
    old figures; the page form has no stock field at all.
    """

    def clone_kwargs(self):
        kwargs = super().clone_kwargs()
        kwargs.pop("help_text", None)
        return kwargs

    @property
    def clean_name(self):
        return super().clean_name or "stock"

    class BoundPanel(Panel.BoundPanel):
        template_name = "catalogue/admin/stock_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            rows = []
            if self.instance.pk:
                for variant in self.instance.variants.select_related("stock"):
                    record = getattr(variant, "stock", None)
                    rows.append(
                        {
                            "variant": variant,
                            "quantity": record.quantity if record else 0,
                            "edit_url": reverse("inventory:edit", args=[record.pk]) if record else None,
                        }
                    )
            context["rows"] = rows
            return context
