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
