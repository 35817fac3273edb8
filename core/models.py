from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .pagecache import shared


@register_setting(icon="shop")
class StoreSettings(BaseSiteSetting):
    store_name = models.CharField(max_length=100, default="Storefront")
    contact_email = models.EmailField(default="hello@example.com")
    phone = models.CharField(max_length=40, blank=True)
    address = models.TextField("postal address", blank=True)
    chat_enabled = models.BooleanField(
        "customer chat enabled", default=True, help_text="Shows the chat widget and accepts chat connections."
    )
    bank_account_name = models.CharField(max_length=120, blank=True)
    bank_iban = models.CharField("IBAN", max_length=40, blank=True)
    bank_bic = models.CharField("BIC / SWIFT", max_length=20, blank=True)
    bank_name = models.CharField(max_length=120, blank=True)
    shipping_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    returns_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    terms_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    # Read with the settings themselves (one query per request), as every page's footer links them.
    select_related = ["shipping_page", "returns_page", "privacy_page", "terms_page"]

    panels = [
        MultiFieldPanel(
            [FieldPanel("store_name"), FieldPanel("contact_email"), FieldPanel("phone"), FieldPanel("address")],
            heading="Store",
        ),
        FieldPanel("chat_enabled"),
        MultiFieldPanel(
            [FieldPanel("bank_account_name"), FieldPanel("bank_name"), FieldPanel("bank_iban"), FieldPanel("bank_bic")],
            heading="Bank transfer details",
        ),
        MultiFieldPanel(
            [
                FieldPanel("shipping_page"),
                FieldPanel("returns_page"),
                FieldPanel("privacy_page"),
                FieldPanel("terms_page"),
            ],
            heading="Policy pages",
            help_text="Linked from every page's footer while they are published.",
        ),
    ]

    class Meta:
        verbose_name = "store settings"

    @classmethod
    def for_request(cls, request):
        """As Wagtail's, but read from the shared page-cache data (every page shows the store's name
        and the chat widget); saving the settings purges it (core.signals)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = Site.find_for_request(request)
            if site is None:
                return super().for_request(request)
            store = shared(f"store-settings:{site.pk}", lambda: cls.for_site(site))
            store._request = request
            setattr(request, attr_name, store)
        return getattr(request, attr_name)

    @property
    def policy_pages(self) -> list:
        """The chosen policy pages that are published, in footer order."""
        pages = (self.shipping_page, self.returns_page, self.privacy_page, self.terms_page)
        return [page for page in pages if page is not None and page.live]
