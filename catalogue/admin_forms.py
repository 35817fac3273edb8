from django import forms
from django.apps import apps
from wagtail.admin.forms import WagtailAdminPageForm


class ProductPageForm(WagtailAdminPageForm):
    """Page editor form: SKUs must be unique across the shop, reported on the field, not as a 500."""

    def clean(self):
        cleaned_data = super().clean()
        variants = self.formsets.get("variants")
        if variants is None:
            return cleaned_data
        seen: dict[str, forms.Form] = {}
        for form in variants.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            sku = (form.cleaned_data.get("sku") or "").strip()
            if not sku:
                continue
            if sku.lower() in seen:
                form.add_error("sku", "This SKU is used twice on this product.")
            seen[sku.lower()] = form
            others = apps.get_model("catalogue", "ProductVariant").objects.filter(sku__iexact=sku)
            if form.instance.pk:
                others = others.exclude(pk=form.instance.pk)
            other = others.select_related("product").first()
            if other is not None:
                form.add_error("sku", f"SKU {sku} is already used by “{other.product.title}”.")
        return cleaned_data
