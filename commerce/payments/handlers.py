"""django-paypal's IPN signals, its entry point for notifications. Each receiver calls one service."""

from .services import apply_paypal_ipn, record_invalid_ipn


def valid_ipn(sender, **kwargs):
    apply_paypal_ipn(ipn=sender)


def invalid_ipn(sender, **kwargs):
    record_invalid_ipn(ipn=sender)
