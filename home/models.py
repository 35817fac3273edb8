from django.core.mail import EmailMultiAlternatives
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.tasks import enqueue_email

from .blocks import ContentStreamBlock


class HomePage(Page):
    hero_title = models.CharField(max_length=120, default="Welcome to our shop")
    hero_text = models.TextField(blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    hero_cta_label = models.CharField("hero button label", max_length=40, blank=True)
    hero_cta_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    featured_products_heading = models.CharField(
        max_length=120, default="Featured products", help_text="Products marked as featured are listed below it."
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldRowPanel([FieldPanel("hero_cta_label"), FieldPanel("hero_cta_page")]),
            ],
            heading="Hero",
        ),
        FieldPanel("intro"),
        InlinePanel("featured_categories", label="Featured categories"),
        FieldPanel("featured_products_heading"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from .selectors import home_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(home_page_context(page=self))
        return context


class ContentPage(Page):
    intro = models.TextField(blank=True)
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(AbstractEmailForm):
    """Wagtail's form builder: submissions are kept in the admin and emailed to the store."""

    intro = RichTextField(blank=True)
    thank_you_text = RichTextField(blank=True)

    content_panels = [
        *AbstractEmailForm.content_panels,
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label="Form fields"),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("to_address")]),
                FieldPanel("subject"),
            ],
            heading="Email",
        ),
    ]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    def process_form_submission(self, form):
        if not self.to_address:
            from .selectors import store_settings

            # Falls back to the store's contact address; set on this instance only, never saved.
            self.to_address = store_settings().contact_email
        return super().process_form_submission(form)

    def send_mail(self, form):
        # Wagtail's message, queued for the worker instead of sent during the visitor's request.
        message = EmailMultiAlternatives(
            subject=self.subject,
            body=self.render_email(form),
            from_email=self.from_address or None,
            to=[address.strip() for address in self.to_address.split(",")],
            headers={"Auto-Submitted": "auto-generated"},
        )
        enqueue_email(message)


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
    ]

    class Meta:
        verbose_name = "store settings"


class HomeFeaturedCategory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_categories")
    category = models.ForeignKey("catalogue.Category", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("category")]
