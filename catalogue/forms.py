from decimal import Decimal

from django import forms

from .selectors import SORT_CHOICES, SORTS


class ListingFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=200)
    min_price = forms.DecimalField(required=False, min_value=Decimal(0), max_digits=10, decimal_places=2)
    max_price = forms.DecimalField(required=False, min_value=Decimal(0), max_digits=10, decimal_places=2)
    in_stock = forms.BooleanField(required=False)
    sort = forms.ChoiceField(required=False, choices=SORT_CHOICES)

    def clean_sort(self):
        sort = self.cleaned_data.get("sort")
        return sort if sort in SORTS else "newest"
