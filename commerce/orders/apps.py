from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "commerce.orders"
    label = "orders"

    def ready(self):
        # accounts sits below orders, so it cannot call orders itself: orders asks to be told when
        # an address is verified, and then gives that account the guest orders placed with it.
        from commerce.accounts.services import on_email_verified

        from .services import attach_guest_orders

        on_email_verified(attach_guest_orders)
