from django.apps import AppConfig


class PaymentsConfig(AppConfig):
    name = "commerce.payments"
    label = "payments"
    verbose_name = "Payments"

    def ready(self):
        from django.db.models.signals import post_save
        from paypal.standard.ipn.signals import invalid_ipn_received, valid_ipn_received

        from commerce.orders.models import Order, OrderEvent

        from . import handlers

        valid_ipn_received.connect(handlers.valid_ipn, dispatch_uid="payments.valid_ipn")
        invalid_ipn_received.connect(handlers.invalid_ipn, dispatch_uid="payments.invalid_ipn")
        post_save.connect(handlers.order_saved, sender=Order, dispatch_uid="payments.order_saved")
        post_save.connect(handlers.order_event_saved, sender=OrderEvent, dispatch_uid="payments.order_event_saved")
