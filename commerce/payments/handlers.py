"""Signal receivers: django-paypal's IPN signals and new orders. Each calls one service."""

from .services import apply_paypal_ipn, ensure_payment, record_invalid_ipn, sync_payment_with_order_status


def valid_ipn(sender, **kwargs):
    apply_paypal_ipn(ipn=sender)


def invalid_ipn(sender, **kwargs):
    record_invalid_ipn(ipn=sender)


def order_saved(sender, instance, created, raw=False, **kwargs):
    # Every order gets a payment record at once, so staff see bank transfers awaiting payment.
    if created and not raw:
        ensure_payment(order=instance)


def order_event_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        sync_payment_with_order_status(order_id=instance.order_id, to_status=instance.to_status)
