"""StreamField blocks that show the catalogue on content pages, with the shop listing's product card."""

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.snippets.blocks import SnippetChooserBlock

from .selectors import SORT_CHOICES, product_cards, shop_page


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
            cards = product_cards(product_ids=[page.pk for page in value["products"] if page])
        elif source == "category":
            # A category deleted since the page was saved shows nothing rather than every product.
            category = value["category"]
            cards = product_cards(category=category, sort=value["sort"], limit=value["count"]) if category else []
        else:
            cards = product_cards(featured=True, sort=value["sort"], limit=value["count"])
        context["products"] = cards
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
