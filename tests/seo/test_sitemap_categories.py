"""The sitemap lists the shop's category routes that have something live in them."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_category_routes_with_live_products_only(client, make_product, make_category):
    kitchen, cups, garden, _empty = (
        make_category("Kitchen"),
        make_category("Cups"),
        make_category("Garden"),
        make_category("Empty"),
    )
    cups.parent = kitchen
    cups.save()
    make_product("Enamel mug", categories=[cups])
    make_product("Secret spade", categories=[garden]).unpublish()

    xml = client.get("/sitemap.xml").content.decode()

    assert "/shop/category/cups/</loc>" in xml
    assert "/shop/category/kitchen/</loc>" in xml  # through its child category
    assert "/shop/category/garden/" not in xml  # only a draft product
    assert "/shop/category/empty/" not in xml
    assert xml.count("/shop/category/kitchen/</loc>") == 1
