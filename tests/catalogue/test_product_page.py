import pytest
from django.test import override_settings

from catalogue.models import StockRecord
from catalogue.services import set_stock

pytestmark = pytest.mark.django_db


def test_single_variant_product_shows_no_picker(client, make_product):
    product = make_product("Mug", variants=[("", "12.50", 10)])
    html = client.get(product.url).content.decode()
    assert 'type="radio"' not in html
    assert 'type="hidden" name="variant"' in html
    assert "12.50" in html


def test_variant_picker_lists_each_variant_with_its_stock(client, make_product):
    product = make_product("Shirt", variants=[("Small", "20.00", 50), ("Medium", "22.00", 2), ("Large", "24.00", 0)])
    html = client.get(product.url).content.decode()
    assert html.count('type="radio"') == 3
    assert "In stock" in html
    assert "Only 2 left" in html
    assert "Sold out" in html
    large = product.variants.get(option_label="Large")
    assert f'value="{large.pk}" disabled' in html


def test_sold_out_product_has_no_add_to_cart_button(client, make_product):
    product = make_product("Rare Mug", variants=[("", "12.00", 0)])
    html = client.get(product.url).content.decode()
    assert "Add to cart" not in html
    assert "Sold out" in html


def test_compare_at_price_is_struck_through(client, make_product):
    product = make_product("Sale Mug", variants=[("", "8.00", 5)], compare_at="10.00")
    html = client.get(product.url).content.decode()
    assert '<s class="ml-1 text-sm text-stone-500" data-testid="compare-at-price">€10.00</s>' in html


@override_settings(LOW_STOCK_THRESHOLD=3)
def test_low_stock_threshold_comes_from_settings(client, make_product):
    product = make_product("Mug", variants=[("", "8.00", 4)])
    assert "In stock" in client.get(product.url).content.decode()
    set_stock(variant=product.variants.get(), quantity=3)
    assert "Only 3 left" in client.get(product.url).content.decode()


def test_breadcrumbs_follow_the_category_tree(client, make_product, make_category):
    outdoors = make_category("Outdoors")
    camping = make_category("Camping", parent=outdoors)
    product = make_product("Stove", categories=[camping])
    html = client.get(product.url).content.decode()
    crumbs = html[html.index('data-testid="breadcrumbs"') :]
    assert crumbs.index("/shop/category/outdoors/") < crumbs.index("/shop/category/camping/")


def test_related_products_share_a_category(client, make_product, make_category):
    kitchen = make_category("Kitchen")
    product = make_product("Mug", categories=[kitchen])
    make_product("Jug", categories=[kitchen])
    make_product("Tent", categories=[make_category("Camping")])
    html = client.get(product.url).content.decode()
    related = html[html.index('data-testid="related-products"') :]
    assert "Jug" in related
    assert "Tent" not in related


def test_publishing_an_old_revision_never_changes_stock(make_product):
    product = make_product("Mug", variants=[("", "8.00", 10)])
    first_revision = product.latest_revision
    variant = product.variants.get()
    set_stock(variant=variant, quantity=3)
    product.title = "Mug, renamed"
    product.save_revision().publish()

    first_revision.publish()

    product.refresh_from_db()
    assert product.title == "Mug"
    assert StockRecord.objects.get(variant=variant).quantity == 3


def test_stock_cannot_be_negative(make_product):
    variant = make_product("Mug").variants.get()
    with pytest.raises(ValueError, match="negative"):
        set_stock(variant=variant, quantity=-1)
    assert variant.stock.quantity == 10
