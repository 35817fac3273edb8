from decimal import Decimal, InvalidOperation

from django import template
from django.conf import settings

register = template.Library()


@register.filter
def money(value):
    """A Decimal amount in the store currency, always two places: "EUR 12.50"."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(settings.MONEY_QUANTUM)
    except (InvalidOperation, ValueError):
        return ""
    return f"{settings.STORE_CURRENCY} {amount:,}"
