"""The product listing (thumbnail, price range, total stock, categories, status; filters) and the editor's stock."""

import re

import pytest
from django.urls import reverse

from catalogue.models import StockRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def products(make_product, make_category):
    lighting = make_category("Lighting")
    lamp = make_product("Brass Lamp", variants=[("S", "40.00", 10), ("L", "79.00", 4)], categories=[lighting])
    mug = make_product("Enamel Mug", variants=[("", "12.50", 2)])
    vase = make_product("Glass Vase", variants=[("", "30.00", 0)])
    return {"lamp": lamp, "mug": mug, "vase": vase, "lighting": lighting}


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def listed(response) -> set[str]:
    return {page.title for page in response.context["pages"]}


def test_the_listing_shows_price_range_total_stock_and_categories(manager_client, products):
    content = manager_client.get(reverse("products:index")).content.decode()
    assert "€40.00–€79.00" in content
    assert "€12.50" in content
    assert "Lighting" in content
    row = content.split("Brass Lamp", 1)[1].split("</tr>", 1)[0]
    assert re.search(r"<td[^>]*>\s*14\s*</td>", row)


def test_the_listing_filters_by_category_stock_and_status(manager_client, products, settings):
    settings.LOW_STOCK_THRESHOLD = 5
    index = reverse("products:index")
    assert listed(manager_client.get(index, {"category": products["lighting"].pk})) == {"Brass Lamp"}
    assert listed(manager_client.get(index, {"stock": "sold_out"})) == {"Glass Vase"}
    assert listed(manager_client.get(index, {"stock": "low"})) == {"Enamel Mug"}
    assert listed(manager_client.get(index, {"stock": "in_stock"})) == {"Brass Lamp"}
    products["vase"].unpublish()
    assert listed(manager_client.get(index, {"live": "false"})) == {"Glass Vase"}


def test_the_listing_searches_by_title(manager_client, products):
    assert listed(manager_client.get(reverse("products:index"), {"q": "mug"})) == {"Enamel Mug"}


def test_the_product_editor_shows_stock_with_links_to_the_stock_form(manager_client, products):
    lamp = products["lamp"]
    content = manager_client.get(reverse("wagtailadmin_pages:edit", args=[lamp.pk])).content.decode()
    assert 'data-testid="product-stock"' in content
    for variant in lamp.variants.all():
        assert reverse("inventory:edit", args=[StockRecord.objects.get(variant=variant).pk]) in content


def test_agents_cannot_open_the_product_listing(client, agent):
    client.force_login(agent)
    assert client.get(reverse("products:index")).status_code in (302, 403)
