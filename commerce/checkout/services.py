"""Checkout: the one entry point that turns a cart into an order with its payment under way."""

from django.db import transaction

from commerce.orders.models import Order
from commerce.orders.services import place_order
from commerce.payments.services import start_payment


@transaction.atomic
def place_order_and_start_payment(
    *,
    cart,
    user,
    email: str,
    address,
    shipping_method,
    payment_method: str,
    checkout_token: str,
    reviewed_lines: str,
) -> Order:
    """Place the order (see orders.services.place_order) and create its payment record, all or nothing.

    If the payment record cannot be created no order remains, so no order ever exists that
    staff cannot see awaiting payment. A form posted again returns the order it placed.
    """
    order = place_order(
        cart=cart,
        user=user,
        email=email,
        address=address,
        shipping_method=shipping_method,
        payment_method=payment_method,
        checkout_token=checkout_token,
        reviewed_lines=reviewed_lines,
    )
    start_payment(order=order)
    return order
