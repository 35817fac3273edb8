from django.core.mail import EmailMultiAlternatives
from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from core.pages import SharedChildRoutingMixin, SharedViewRestrictionsMixin
from core.selectors import store_settings
from core.tasks import enqueue_email

from .blocks import ContentStreamBlock


class ProductBlocksMixin:
    """Pages whose body shows products: every hand-picked product's card is read in one batch."""

    def get_context(self, request, *args, **kwargs):
        from catalogue.blocks import CARDS_CONTEXT_KEY
        from catalogue.selectors import stream_product_cards

        context = super().get_context(request, *args, **kwargs)
        context[CARDS_CONTEXT_KEY] = stream_product_cards(self.body, request=request)
        return context


class HomePage(SharedChildRoutingMixin, SharedViewRestrictionsMixin, ProductBlocksMixin, Page):
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
    body = StreamField(ContentStreamBlock(), blank=True)

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
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1


class ContentPage(SharedViewRestrictionsMixin, ProductBlocksMixin, Page):
    intro = models.TextField(blank=True)
    body = StreamField(ContentStreamBlock(), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]


class ContactFormField(AbstractFormField):
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")


class ContactPage(SharedViewRestrictionsMixin, AbstractEmailForm):
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
