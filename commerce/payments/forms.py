from django.conf import settings
from django.urls import reverse
from paypal.standard.forms import PayPalPaymentsForm

from .standin import stand_in_enabled


class ShopPayPalPaymentsForm(PayPalPaymentsForm):
    """django-paypal's Buy Now form, sent to the development stand-in when that is active."""

    def get_login_url(self):
        if stand_in_enabled():
            return reverse("payments:stand_in_checkout")
        return super().get_login_url()


def paypal_form_for(*, order, request) -> ShopPayPalPaymentsForm:
    """The Buy Now form for one order; PayPal echoes `invoice` (the reference) back in the IPN."""
    return ShopPayPalPaymentsForm(
        initial={
            "business": settings.PAYPAL_RECEIVER_EMAIL,
            "amount": f"{order.total:.2f}",
            "currency_code": order.currency,
            "item_name": f"Order {order.reference}",
            "invoice": order.reference,
            "notify_url": request.build_absolute_uri(reverse("paypal-ipn")),
            "return": request.build_absolute_uri(reverse("payments:return", args=[order.reference])),
            "cancel_return": request.build_absolute_uri(reverse("payments:cancel", args=[order.reference])),
            "no_note": "1",
            "rm": "1",
        }
    )
