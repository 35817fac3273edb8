from django import template

from ..selectors import payment_panel_context

register = template.Library()


@register.inclusion_tag("payments/includes/payment_panel.html", takes_context=True)
def order_payment_panel(context, order):
    return payment_panel_context(order=order, request=context.get("request"))
