from django.apps import AppConfig


class CartConfig(AppConfig):
    name = "commerce.cart"
    label = "cart"

    def ready(self):
        from . import signals  # noqa: F401
