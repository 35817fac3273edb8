from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "commerce.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from paypal.standard.ipn.signals import invalid_ipn_received, valid_ipn_received

        from . import handlers

        valid_ipn_received.connect(handlers.valid_ipn, dispatch_uid="payments.valid_ipn")
        invalid_ipn_received.connect(handlers.invalid_ipn, dispatch_uid="payments.invalid_ipn")
