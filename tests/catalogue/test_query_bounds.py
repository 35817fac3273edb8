"""Listing and product pages run the same number of queries with 10 or 200 products."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import Category, ProductImage, ProductPage

pytestmark = pytest.mark.django_db

PAGES = ["/shop/", "/shop/category/kitchen/", "/shop/?q=mug", "/shop/?sort=price_asc&in_stock=on", "product"]


def build_catalogue(make_product, make_category, count):
    kitchen = make_category("Kitchen")
    image = Image.objects.create(title="Mug", file=get_test_image_file())
    products = []
    for number in range(count):
        product = make_product(
            f"Mug {number}",
            variants=[("S", "10.00", 5), ("M", "11.00", 0), ("L", "12.00", 3)],
            categories=[kitchen],
        )
        ProductImage.objects.create(product=product, image=image, sort_order=0)
        products.append(product)
    return products


def queries_per_page(client, products):
    counts = {}
    for page in PAGES:
        url = products[0].url if page == "product" else page
        client.get(url)  # renditions are generated once, on the first view
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts[page] = len(captured.captured_queries)
    return counts


def test_ten_and_two_hundred_products_cost_the_same(client, make_product, make_category):
    small = queries_per_page(client, build_catalogue(make_product, make_category, 10))
    for product in ProductPage.objects.all():
        product.delete()
    Category.objects.all().delete()
    large = queries_per_page(client, build_catalogue(make_product, make_category, 200))
    assert large == small
    assert max(large.values()) <= 25, large
