"""Customers read products and options, never SKUs: a variant without an option label is "Option N"."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_unlabelled_variants_are_numbered_options_not_skus(client, make_product):
    product = make_product("Enamel mug", variants=[("", "10.00", 5), ("Blue", "12.00", 5), ("", "14.00", 5)])
    html = client.get(product.url).content.decode()
    # Search engines get the SKU in the schema.org data (an Offer's "sku"); people do not see it.
    html = re.sub(r'<script id="product-json-ld".*?</script>', "", html, flags=re.S)
    for variant in product.variants.all():
        assert variant.sku not in html
    assert "Option 1" in html
    assert "Blue" in html
    assert "Option 3" in html
