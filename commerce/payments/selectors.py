from django.urls import reverse

from commerce.orders.models import Order, OrderStatus, PaymentMethod
from core.selectors import store_settings

from .models import Payment, PaymentStatus


def payment_panel_context(*, order: Order, request=None) -> dict:
    """What the order page shows about paying: status, and how to pay while it is awaited."""
    payment = Payment.objects.filter(order=order).first()
    awaiting = order.status == OrderStatus.PENDING_PAYMENT
    is_bank_transfer = order.payment_method == PaymentMethod.BANK_TRANSFER
    context = {
        "order": order,
        "payment_status": _status_for_customer(payment, awaiting=awaiting),
        "awaiting_payment": awaiting,
        "is_bank_transfer": is_bank_transfer,
        "pay_url": reverse("payments:pay", args=[order.reference]),
    }
    if awaiting and is_bank_transfer:
        shop = store_settings(request)
        context["bank"] = {
            "account_name": shop.bank_account_name,
            "bank_name": shop.bank_name,
            "iban": shop.bank_iban,
            "bic": shop.bank_bic,
        }
    return context


def _status_for_customer(payment: Payment | None, *, awaiting: bool) -> str:
    """The payment's status in the customer's words: no bare "None" while nothing has arrived yet."""
    if payment is not None and payment.status != PaymentStatus.NONE:
        return payment.get_status_display()
    return "Awaiting payment" if awaiting else "No payment received"


# The thank-you page's heading and note for each order status: rendered by the server and swapped
# by static/js/payment-return.js as the live status changes, so a reload and a live update agree.
THANK_YOU_WORDS = {
    OrderStatus.PAID: ("Paid", "Your payment is confirmed. We will email you when your order ships."),
    OrderStatus.PROCESSING: ("Paid", "Your payment is confirmed and we are packing your order."),
    OrderStatus.SHIPPED: ("Shipped", "Your order is on its way."),
    OrderStatus.DELIVERED: ("Delivered", "Your order has arrived. Enjoy!"),
    OrderStatus.CANCELLED: ("Order cancelled", "This order was cancelled; nothing more is owed."),
    OrderStatus.REFUNDED: ("Refunded", "Your payment was sent back."),
}
AWAITING_WORDS = {
    PaymentMethod.PAYPAL: (
        "Payment received, confirming",
        "PayPal is confirming your payment; this usually takes a few seconds. This page updates by itself.",
    ),
    PaymentMethod.BANK_TRANSFER: (
        "Thank you, your order is placed",
        "Please transfer the total, quoting the order reference. We ship once it arrives.",
    ),
}


def thank_you_context(*, order: Order, request=None) -> dict:
    """The thank-you page after placing an order or returning from PayPal: the order with its lines,
    the words for its status now and for every status it may reach, and how to pay if still unpaid."""
    order = Order.objects.prefetch_related("lines").get(pk=order.pk)
    awaiting = AWAITING_WORDS.get(order.payment_method, AWAITING_WORDS[PaymentMethod.PAYPAL])
    words = {status: {"heading": heading, "note": note} for status, (heading, note) in THANK_YOU_WORDS.items()}
    words[OrderStatus.PENDING_PAYMENT] = {"heading": awaiting[0], "note": awaiting[1]}
    return {
        "order": order,
        "lines": list(order.lines.all()),
        "words": words,
        "now": words[order.status],
        "order_url": reverse("account_orders:detail", args=[order.reference]),
        "status_url": reverse("payments:status", args=[order.reference]),
    }
