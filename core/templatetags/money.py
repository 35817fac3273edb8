from django import template

from core.money import format_money

register = template.Library()


@register.filter
def money(value, currency=None):
    """An amount in the store's locale and currency (or `currency`, e.g. an order's): "€1,234.50"."""
    return format_money(value, currency or None)
