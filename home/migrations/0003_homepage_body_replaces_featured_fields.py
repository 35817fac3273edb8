import json
import uuid

import wagtail.fields
from django.db import migrations


def home_body(category_ids, products_heading):
    """The home page's featured categories and products as the blocks that replace them."""
    body = []
    if category_ids:
        tiles = [{"type": "item", "value": pk, "id": str(uuid.uuid4())} for pk in category_ids]
        body.append(
            {
                "type": "category_tiles",
                "value": {"heading": "Shop by category", "categories": tiles},
                "id": str(uuid.uuid4()),
            }
        )
    grid = {"heading": products_heading, "source": "featured", "products": [], "category": None, "count": 8, "sort": "newest"}
    body.append({"type": "product_grid", "value": grid, "id": str(uuid.uuid4())})
    return body


def featured_fields_to_blocks(apps, schema_editor):
    HomePage = apps.get_model("home", "HomePage")
    Revision = apps.get_model("wagtailcore", "Revision")
    for page in HomePage.objects.all():
        category_ids = list(page.featured_categories.order_by("sort_order").values_list("category_id", flat=True))
        HomePage.objects.filter(pk=page.pk).update(body=home_body(category_ids, page.featured_products_heading))
    # The editor opens the latest revision, and publishing any revision writes its content back to the page,
    # so revisions get the blocks too (Wagtail keeps a StreamField in a revision as a JSON string).
    for revision in Revision.objects.filter(content_type__app_label="home", content_type__model="homepage"):
        content = revision.content
        featured = sorted(content.pop("featured_categories", []), key=lambda item: item["sort_order"] or 0)
        heading = content.pop("featured_products_heading", "Featured products")
        content["body"] = json.dumps(home_body([item["category"] for item in featured], heading))
        revision.save(update_fields=["content"])


class Migration(migrations.Migration):

    dependencies = [
        ('home', '0002_move_storesettings_to_core'),
    ]

    operations = [
        migrations.AddField(
            model_name='homepage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('call_to_action', 11), ('product_grid', 19), ('category_tiles', 23)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')]}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('size', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul', 'h3', 'h4']}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'required': False}), 8: ('wagtail.blocks.CharBlock', (), {'default': 'Shop now', 'max_length': 40}), 9: ('wagtail.blocks.PageChooserBlock', (), {'required': False}), 10: ('wagtail.blocks.URLBlock', (), {'help_text': 'Used when no page is chosen.', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('title', 0), ('text', 7), ('button_label', 8), ('page', 9), ('url', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 13: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('featured', 'Featured products'), ('category', 'Products in a category'), ('products', 'Hand-picked products')]}), 14: ('wagtail.blocks.PageChooserBlock', (), {'page_type': ['catalogue.ProductPage']}), 15: ('wagtail.blocks.ListBlock', (14,), {'default': [], 'help_text': 'Hand-picked products, in this order.'}), 16: ('wagtail.snippets.blocks.SnippetChooserBlock', ('catalogue.Category',), {'help_text': 'Includes its subcategories.', 'required': False}), 17: ('wagtail.blocks.IntegerBlock', (), {'default': 8, 'help_text': 'For featured products or a category.', 'max_value': 24, 'min_value': 1}), 18: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('newest', 'Newest'), ('price_asc', 'Price: low to high'), ('price_desc', 'Price: high to low'), ('name', 'Name')], 'help_text': 'For featured products or a category.'}), 19: ('wagtail.blocks.StructBlock', [[('heading', 12), ('source', 13), ('products', 15), ('category', 16), ('count', 17), ('sort', 18)]], {}), 20: ('wagtail.blocks.CharBlock', (), {'default': 'Shop by category', 'max_length': 120}), 21: ('wagtail.snippets.blocks.SnippetChooserBlock', ('catalogue.Category',), {}), 22: ('wagtail.blocks.ListBlock', (21,), {'min_num': 1}), 23: ('wagtail.blocks.StructBlock', [[('heading', 20), ('categories', 22)]], {})}),
        ),
        migrations.AlterField(
            model_name='contentpage',
            name='body',
            field=wagtail.fields.StreamField([('heading', 2), ('paragraph', 3), ('image', 6), ('call_to_action', 11), ('product_grid', 19), ('category_tiles', 23)], blank=True, block_lookup={0: ('wagtail.blocks.CharBlock', (), {'max_length': 120}), 1: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('h2', 'Section heading'), ('h3', 'Sub-heading')]}), 2: ('wagtail.blocks.StructBlock', [[('text', 0), ('size', 1)]], {}), 3: ('wagtail.blocks.RichTextBlock', (), {'features': ['bold', 'italic', 'link', 'ol', 'ul', 'h3', 'h4']}), 4: ('wagtail.images.blocks.ImageChooserBlock', (), {}), 5: ('wagtail.blocks.CharBlock', (), {'max_length': 250, 'required': False}), 6: ('wagtail.blocks.StructBlock', [[('image', 4), ('caption', 5)]], {}), 7: ('wagtail.blocks.TextBlock', (), {'required': False}), 8: ('wagtail.blocks.CharBlock', (), {'default': 'Shop now', 'max_length': 40}), 9: ('wagtail.blocks.PageChooserBlock', (), {'required': False}), 10: ('wagtail.blocks.URLBlock', (), {'help_text': 'Used when no page is chosen.', 'required': False}), 11: ('wagtail.blocks.StructBlock', [[('title', 0), ('text', 7), ('button_label', 8), ('page', 9), ('url', 10)]], {}), 12: ('wagtail.blocks.CharBlock', (), {'max_length': 120, 'required': False}), 13: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('featured', 'Featured products'), ('category', 'Products in a category'), ('products', 'Hand-picked products')]}), 14: ('wagtail.blocks.PageChooserBlock', (), {'page_type': ['catalogue.ProductPage']}), 15: ('wagtail.blocks.ListBlock', (14,), {'default': [], 'help_text': 'Hand-picked products, in this order.'}), 16: ('wagtail.snippets.blocks.SnippetChooserBlock', ('catalogue.Category',), {'help_text': 'Includes its subcategories.', 'required': False}), 17: ('wagtail.blocks.IntegerBlock', (), {'default': 8, 'help_text': 'For featured products or a category.', 'max_value': 24, 'min_value': 1}), 18: ('wagtail.blocks.ChoiceBlock', [], {'choices': [('newest', 'Newest'), ('price_asc', 'Price: low to high'), ('price_desc', 'Price: high to low'), ('name', 'Name')], 'help_text': 'For featured products or a category.'}), 19: ('wagtail.blocks.StructBlock', [[('heading', 12), ('source', 13), ('products', 15), ('category', 16), ('count', 17), ('sort', 18)]], {}), 20: ('wagtail.blocks.CharBlock', (), {'default': 'Shop by category', 'max_length': 120}), 21: ('wagtail.snippets.blocks.SnippetChooserBlock', ('catalogue.Category',), {}), 22: ('wagtail.blocks.ListBlock', (21,), {'min_num': 1}), 23: ('wagtail.blocks.StructBlock', [[('heading', 20), ('categories', 22)]], {})}),
        ),
        migrations.RunPython(featured_fields_to_blocks, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='homepage',
            name='featured_products_heading',
        ),
        migrations.DeleteModel(
            name='HomeFeaturedCategory',
        ),
    ]
