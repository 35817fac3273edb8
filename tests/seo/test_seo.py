"""Search engines and link previews: sitemap.xml, robots.txt, canonical URLs, Open Graph and
Twitter tags, and schema.org Product/Offer JSON-LD on product pages."""

import json
import re

import pytest

from catalogue.services import set_stock
from reviews.models import Review

pytestmark = pytest.mark.django_db


def json_ld(html: str) -> dict:
    match = re.search(r'<script id="product-json-ld" type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no product JSON-LD"
    return json.loads(match.group(1))


def test_the_sitemap_lists_live_product_pages_only(client, make_product):
    live = make_product("Desk lamp")
    draft = make_product("Secret lamp")
    draft.unpublish()
    xml = client.get("/sitemap.xml").content.decode()
    assert f"{live.url}</loc>" in xml or live.get_full_url() in xml
    assert draft.slug not in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_private_pages_out(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in text
    assert "Disallow: /checkout/" in text
    assert "Disallow: /accounts/" in text


def test_pages_name_their_canonical_url_and_open_graph_tags(client, make_product):
    product = make_product("Desk lamp")
    product.search_description = "A brass lamp for the desk."
    product.seo_title = "Brass desk lamp"
    product.save_revision().publish()
    html = client.get(product.url + "?utm_source=mail").content.decode()
    assert f'<link rel="canonical" href="http://testserver{product.url}">' in html
    assert '<meta property="og:type" content="product">' in html
    assert '<meta property="og:title" content="Brass desk lamp">' in html
    assert '<meta property="og:description" content="A brass lamp for the desk.">' in html
    assert '<meta name="twitter:card"' in html


def test_product_json_ld_gives_price_currency_availability_and_rating(client, make_product, make_user):
    product = make_product("Desk lamp", variants=[("Brass", "49.00", 3), ("Steel", "39.50", 0)])
    Review.objects.create(product=product, author=make_user(), rating=4, title="Good", body="Bright", approved=True)
    Review.objects.create(product=product, author=make_user(), rating=5, title="Great", body="Lovely", approved=True)
    data = json_ld(client.get(product.url).content.decode())
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Product"
    assert data["name"] == "Desk lamp"
    brass, steel = data["offers"]
    assert brass == {
        "@type": "Offer",
        "sku": product.variants.get(option_label="Brass").sku,
        "price": "49.00",
        "priceCurrency": "EUR",
        "availability": "https://schema.org/LimitedAvailability",
        "url": f"http://testserver{product.url}",
    }
    assert steel["availability"] == "https://schema.org/OutOfStock"
    assert data["aggregateRating"] == {"@type": "AggregateRating", "ratingValue": "4.5", "reviewCount": 2}


def test_product_json_ld_changes_when_stock_sells_out(client, make_product):
    product = make_product("Desk lamp", variants=[("", "49.00", 30)])
    (offer,) = json_ld(client.get(product.url).content.decode())["offers"]
    assert offer["availability"] == "https://schema.org/InStock"
    assert "aggregateRating" not in json_ld(client.get(product.url).content.decode())
    set_stock(variant=product.variants.get(), quantity=0)
    (offer,) = json_ld(client.get(product.url).content.decode())["offers"]
    assert offer["availability"] == "https://schema.org/OutOfStock"
