from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.pages import SharedViewRestrictionsMixin

from .panels import StockPanel

PRICE_VALIDATORS = [MinValueValidator(0), MaxValueValidator(1_000_000)]


class CategoryQuerySet(models.QuerySet):
    def with_live_products(self):
        """Categories with a live product in them or in a child category (what a visitor can browse)."""
        return self.filter(models.Q(products__live=True) | models.Q(children__products__live=True)).distinct()


class Category(index.Indexed, models.Model):
    """A catalogue category (snippet). Categories form a shallow tree through `parent`."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    image = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    sort_order = models.PositiveIntegerField(default=0)

    objects = CategoryQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("parent"),
        FieldPanel("description"),
        FieldPanel("image"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("description")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name


class ShopPage(SharedViewRestrictionsMixin, RoutablePageMixin, Page):
    """The catalogue index at /shop/: listing, category routes and search."""

    intro = RichTextField(blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["catalogue.ProductPage"]
    max_count = 1

    @path("")
    def all_products(self, request):
        return self._listing(request, category=None)

    @path("category/<slug:slug>/")
    def category(self, request, slug):
        from .selectors import categories_by_parent, category_by_slug

        # The category, and its parents for the breadcrumbs, from the menu's one query of them all.
        by_parent = categories_by_parent()
        category = category_by_slug(slug, by_parent=by_parent)
        if category is None:
            raise Http404("No such category.")
        return self._listing(request, category=category, by_parent=by_parent)

    def get_sitemap_urls(self, request=None):
        """The shop page, then each category route that has something live to show."""
        shop_url = self.get_full_url(request).rstrip("/")
        lastmod = self.last_published_at or self.latest_revision_created_at
        return [
            *super().get_sitemap_urls(request),
            *(
                {"location": f"{shop_url}/{self.reverse_subpage('category', args=[category.slug])}", "lastmod": lastmod}
                for category in Category.objects.with_live_products().order_by("sort_order", "name")
            ),
        ]

    def route(self, request, path_components):
        # A product is one query (its own table joined to the page), not Wagtail's two (the child
        # page, then its specific object); category and listing routes go the usual way.
        if len(path_components) == 1:
            product = ProductPage.objects.filter(
                path__startswith=self.path, depth=self.depth + 1, slug=path_components[0]
            ).first()
            if product is not None:
                product._cached_parent_obj = self
                return product.route(request, [])
        return super().route(request, path_components)

    def _listing(self, request, *, category, by_parent=None):
        from .selectors import shop_listing

        listing = shop_listing(params=request.GET, category=category, request=request, by_parent=by_parent)
        return self.render(request, context_overrides=listing)


class ProductDescriptionBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(max_length=120, form_classname="title", template="catalogue/blocks/heading.html")
    paragraph = blocks.RichTextBlock(features=["bold", "italic", "link", "ol", "ul"])
    image = ImageChooserBlock(template="catalogue/blocks/image.html")


class ProductPage(SharedViewRestrictionsMixin, Page):
    summary = models.TextField(blank=True)
    description = StreamField(ProductDescriptionBlock(), blank=True)
    categories = ParentalManyToManyField(Category, blank=True, related_name="products")
    featured = models.BooleanField(default=False, help_text="Show on the home page.")

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("description"),
        InlinePanel("gallery_images", label="Gallery images"),
        InlinePanel("variants", label="Variants", min_num=1),
        StockPanel(heading="Stock"),
        MultiFieldPanel(
            [FieldPanel("categories", widget=forms.CheckboxSelectMultiple), FieldPanel("featured")],
            heading="Merchandising",
        ),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("description"),
        index.AutocompleteField("title"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.RelatedFields("variants", [index.SearchField("sku"), index.SearchField("option_label")]),
        index.FilterField("featured"),
    ]

    parent_page_types = ["catalogue.ShopPage"]
    subpage_types = []

    def get_context(self, request, *args, **kwargs):
        from .selectors import product_page_context

        context = super().get_context(request, *args, **kwargs)
        context.update(product_page_context(product=self, request=request))
        return context


class ProductImage(Orderable):
    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("wagtailimages.Image", on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text")]


class ProductVariant(Orderable):
    """A purchasable variant of a product. Its stock lives in StockRecord, outside revisions."""

    product = ParentalKey(ProductPage, on_delete=models.CASCADE, related_name="variants")
    sku = models.CharField("SKU", max_length=64, unique=True)
    option_label = models.CharField(max_length=100, blank=True, help_text="For example: Large / Blue.")
    price = models.DecimalField(max_digits=10, decimal_places=2, validators=PRICE_VALIDATORS)
    compare_at_price = models.DecimalField(
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=PRICE_VALIDATORS,
        help_text="The former price, shown struck through.",
    )
    # A sale: the variant costs sale_price from sale_starts until sale_ends (either end open when empty),
    # everywhere (catalogue.offers.current_price), with the regular price struck through.
    sale_price = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, validators=PRICE_VALIDATORS, help_text="Empty: no sale."
    )
    sale_starts = models.DateTimeField(null=True, blank=True, help_text="Empty: from now.")
    sale_ends = models.DateTimeField(null=True, blank=True, help_text="Empty: until the sale price is removed.")

    panels = [
        FieldRowPanel([FieldPanel("sku"), FieldPanel("option_label")]),
        FieldRowPanel([FieldPanel("price"), FieldPanel("compare_at_price")]),
        FieldRowPanel([FieldPanel("sale_price"), FieldPanel("sale_starts"), FieldPanel("sale_ends")], heading="Sale"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gte=0), name="catalogue_variant_price_gte_0"),
            models.UniqueConstraint(Lower("sku"), name="catalogue_variant_sku_ci_unique"),
        ]

    def clean(self):
        super().clean()
        # SKUs are unique whatever their case; say which product already uses one.
        clash = (
            ProductVariant.objects.filter(sku__iexact=self.sku).exclude(pk=self.pk).select_related("product").first()
        )
        if clash is not None and clash.sku != self.sku:
            raise ValidationError({"sku": f"SKU {self.sku} is already used by “{clash.product.title}”."})
        if self.sale_price is not None and self.price is not None and self.sale_price >= self.price:
            raise ValidationError({"sale_price": "A sale price is below the regular price."})
        if self.sale_starts and self.sale_ends and self.sale_ends <= self.sale_starts:
            raise ValidationError({"sale_ends": "The sale ends after it starts."})
        if self.sale_price is None and (self.sale_starts or self.sale_ends):
            raise ValidationError({"sale_price": "Give the sale price, or clear the sale dates."})

    def __str__(self):
        return f"{self.display_name} [{self.sku}]"

    def sale_running(self, now=None) -> bool:
        """Whether the sale price applies at `now` (default: this moment)."""
        if self.sale_price is None:
            return False
        now = now or timezone.now()
        started = self.sale_starts is None or self.sale_starts <= now
        return started and (self.sale_ends is None or now < self.sale_ends)

    @property
    def display_name(self) -> str:
        """What customers read: the product and option, never the SKU ("Mug (Blue)")."""
        return f"{self.product.title} ({self.option_label})" if self.option_label else self.product.title


class StockRecord(models.Model):
    """Quantity on hand of one variant. Changed only by catalogue.services under a row lock."""

    variant = models.OneToOneField(ProductVariant, on_delete=models.CASCADE, related_name="stock")
    quantity = models.IntegerField(default=0)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=0), name="catalogue_stock_quantity_gte_0")
        ]

    def __str__(self):
        return f"{self.variant.sku}: {self.quantity}"
