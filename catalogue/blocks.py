"""StreamField blocks that show the catalogue on content pages, with the shop listing's product card."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .selectors import SORT_CHOICES, product_cards, shop_page

# The page's batch of hand-picked product cards (selectors.stream_product_cards), put in its context
# by the page's get_context so that no block queries for its own hand-picked products.
CARDS_CONTEXT_KEY = "stream_product_cards"


def _request(parent_context):
    return (parent_context or {}).get("request")


def hand_picked_cards(product_ids: list[int], parent_context) -> list[str]:
    batch = (parent_context or {}).get(CARDS_CONTEXT_KEY)
    if batch is None or any(pk not in batch for pk in product_ids):
        return product_cards(request=_request(parent_context), product_ids=product_ids)
    return [batch[pk] for pk in product_ids]


class ProductGridBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, required=False)
    source = blocks.ChoiceBlock(
        choices=[
            ("featured", "Featured products"),
            ("category", "Products in a category"),
            ("products", "Hand-picked products"),
        ],
        default="featured",
    )
    products = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="catalogue.ProductPage"),
        default=[],
        help_text="Hand-picked products, in this order.",
    )
    category = SnippetChooserBlock("catalogue.Category", required=False, help_text="Includes its subcategories.")
    count = blocks.IntegerBlock(default=8, min_value=1, max_value=24, help_text="For featured products or a category.")
    sort = blocks.ChoiceBlock(choices=SORT_CHOICES, default="newest", help_text="For featured products or a category.")

    class Meta:
        icon = "list-ul"
        label = "Product grid"
        template = "catalogue/blocks/product_grid.html"

    def clean(self, value):
        value = super().clean(value)
        if value["source"] == "category" and value["category"] is None:
            raise StructBlockValidationError(block_errors={"category": ValidationError("Choose a category.")})
        if value["source"] == "products" and not value["products"]:
            raise StructBlockValidationError(block_errors={"products": ValidationError("Choose at least one product.")})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        source = value["source"]
        if source == "products":
            cards = hand_picked_cards([page.pk for page in value["products"] if page], parent_context)
        elif source == "category":
            # A category deleted since the page was saved shows nothing rather than every product.
            category = value["category"]
            cards = (
                product_cards(
                    request=_request(parent_context), category=category, sort=value["sort"], limit=value["count"]
                )
                if category
                else []
            )
        else:
            cards = product_cards(
                request=_request(parent_context), featured=True, sort=value["sort"], limit=value["count"]
            )
        context["product_cards"] = cards
        return context


class CategoryTilesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=120, default="Shop by category")
    categories = blocks.ListBlock(SnippetChooserBlock("catalogue.Category"), min_num=1)

    class Meta:
        icon = "folder-open-inverse"
        label = "Category tiles"
        template = "catalogue/blocks/category_tiles.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["categories"] = [category for category in value["categories"] if category]
        context["shop"] = shop_page()
        return context


class FeaturedProductBlock(blocks.StructBlock):
    """One product, large, with the shop's product card and a line of text."""

    product = blocks.PageChooserBlock(page_type="catalogue.ProductPage")
    heading = blocks.CharBlock(max_length=120, required=False)
    text = blocks.TextBlock(required=False)

    class Meta:
        icon = "pick"
        label = "Featured product"
        template = "catalogue/blocks/featured_product.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        product = value["product"]
        # A product unpublished since the page was saved is left out (the card selector shows live ones only).
        cards = hand_picked_cards([product.pk], parent_context) if product else []
        context["card"] = cards[0] if cards else None
        return context


class PromotionBannerBlock(blocks.StructBlock):
    """A promotion: image, text and a link, shown only between its optional start and end.

    Cached pages are purged when it starts and ends (catalogue.tasks.schedule_page_purges, on publish).
    """

    image = ImageChooserBlock(required=False)
    heading = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    link_label = blocks.CharBlock(max_length=40, default="Shop now")
    link_page = blocks.PageChooserBlock(required=False)
    link_url = blocks.URLBlock(required=False, help_text="Used when no page is chosen.")
    starts = blocks.DateTimeBlock(required=False, help_text="Empty: shown from publication.")
    ends = blocks.DateTimeBlock(required=False, help_text="Empty: shown until removed.")

    class Meta:
        icon = "doc-full-inverse"
        label = "Promotion banner"
        template = "catalogue/blocks/promotion_banner.html"

    def clean(self, value):
        value = super().clean(value)
        if value["starts"] and value["ends"] and value["ends"] <= value["starts"]:
            raise StructBlockValidationError(block_errors={"ends": ValidationError("The end comes after the start.")})
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["showing"] = banner_showing(value)
        return context


def banner_showing(value, now=None) -> bool:
    now = now or timezone.now()
    return (not value["starts"] or value["starts"] <= now) and (not value["ends"] or now < value["ends"])
