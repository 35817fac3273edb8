from django.apps import AppConfig


class SiteProjectConfig(AppConfig):
    """The project itself as an app, for the commands that sit above every other app (seed_demo)."""

    name = "site_project"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy checks)


class PayPalIPNConfig(AppConfig):
    """django-paypal's IPN app, with the id field its own migrations were written for.

    Without this, the project's BigAutoField default would make Django want a new migration
    inside the installed package, which a fresh install would never have.
    """

    name = "paypal.standard.ipn"
    label = "ipn"
    verbose_name = "PayPal IPN"
    default_auto_field = "django.db.models.AutoField"
