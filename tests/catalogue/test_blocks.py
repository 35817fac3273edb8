"""The product grid and category tiles blocks, as content pages show them."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from catalogue.blocks import ProductGridBlock
from catalogue.models import ProductImage
from home.models import ContentPage

pytestmark = pytest.mark.django_db


def card_titles(response):
    return re.findall(r'class="font-medium hover:text-emerald-700">([^<]+)</a>', response.content.decode())


def grid(source="category", *, category=None, products=(), count=8, sort="name"):
    return (
        "product_grid",
        {
            "heading": "Picks",
            "source": source,
            "category": category,
            "products": list(products),
            "count": count,
            "sort": sort,
        },
    )


@pytest.fixture
def make_content_page(home_page):
    def make(*blocks, slug="picks"):
        return home_page.add_child(instance=ContentPage(title="Picks", slug=slug, body=list(blocks)))

    return make


def test_content_page_product_grid_by_category_shows_that_category_and_its_subcategories(
    client, make_content_page, make_product, make_category
):
    outdoors = make_category("Outdoors")
    make_product("Tent", categories=[make_category("Camping", parent=outdoors)])
    make_product("Boots", categories=[outdoors])
    make_product("Mug", categories=[make_category("Kitchen")])
    page = make_content_page(grid(category=outdoors))
    assert card_titles(client.get(page.url)) == ["Boots", "Tent"]


def test_product_grid_by_category_honours_count_and_sort_and_skips_unpublished_products(
    client, make_content_page, make_product, make_category
):
    lamps = make_category("Lamps")
    make_product("Cheap Lamp", variants=[("", "5.00", 1)], categories=[lamps])
    make_product("Dear Lamp", variants=[("", "90.00", 1)], categories=[lamps])
    make_product("Mid Lamp", variants=[("", "40.00", 1)], categories=[lamps])
    make_product("Draft Lamp", variants=[("", "1.00", 1)], categories=[lamps]).unpublish()
    page = make_content_page(grid(category=lamps, count=2, sort="price_desc"))
    assert card_titles(client.get(page.url)) == ["Dear Lamp", "Mid Lamp"]


def test_hand_picked_product_grid_keeps_the_editors_order(client, make_content_page, make_product):
    first, second = make_product("First"), make_product("Second")
    make_product("Not chosen")
    page = make_content_page(grid("products", products=[second, first]))
    assert card_titles(client.get(page.url)) == ["Second", "First"]


def test_featured_product_grid_shows_featured_products_only(client, make_content_page, make_product):
    make_product("Star", featured=True)
    make_product("Plain")
    page = make_content_page(grid("featured"))
    assert card_titles(client.get(page.url)) == ["Star"]


def test_category_tiles_link_to_the_shops_category_pages(client, make_content_page, make_category, shop_page):
    tiles = ("category_tiles", {"heading": "Browse", "categories": [make_category("Garden"), make_category("Bags")]})
    html = client.get(make_content_page(tiles).url).content.decode()
    assert 'href="/shop/category/garden/"' in html
    assert 'href="/shop/category/bags/"' in html


@pytest.mark.parametrize(
    ("value", "field"),
    [({"source": "category", "category": None}, "category"), ({"source": "products", "products": []}, "products")],
)
def test_product_grid_refuses_a_source_without_its_choice(value, field):
    block = ProductGridBlock()
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(block.to_python({"heading": "", "count": 8, "sort": "newest", **value}))
    assert field in refused.value.block_errors


def grid_queries(client, page, make_product, category, image, count):
    for _ in range(count):
        product = make_product(variants=[("S", "10.00", 5), ("L", "12.00", 0)], categories=[category])
        ProductImage.objects.create(product=product, image=image, sort_order=0)
    client.get(page.url)  # renditions are generated once, on the first view
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.url)
    assert len(card_titles(response)) == count
    return len(captured.captured_queries)


def test_product_grid_queries_do_not_grow_with_its_products(client, make_content_page, make_product, make_category):
    image = Image.objects.create(title="Mug", file=get_test_image_file())
    two, ten = make_category("Two"), make_category("Ten")
    small = grid_queries(client, make_content_page(grid(category=two, count=24)), make_product, two, image, 2)
    page = make_content_page(grid(category=ten, count=24), slug="more")
    assert grid_queries(client, page, make_product, ten, image, 10) == small
