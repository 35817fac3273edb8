"""The product gallery: the main image and thumbnails of every image, each a link to its larger
rendition (so it works without JavaScript), from Wagtail renditions read with the page."""

import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import ProductImage

pytestmark = pytest.mark.django_db


@pytest.fixture
def gallery_product(make_product):
    product = make_product("Enamel mug")
    for position, colour in enumerate(["red", "green", "blue"]):
        image = Image.objects.create(title=f"Mug {colour}", file=get_test_image_file(colour=colour))
        ProductImage.objects.create(product=product, image=image, sort_order=position, alt_text=f"The {colour} mug")
    return product


def test_every_image_has_a_thumbnail_linking_to_its_larger_rendition(client, gallery_product):
    html = client.get(gallery_product.url).content.decode()
    thumbs = re.findall(r'<a href="([^"]+)"[^>]*data-gallery-thumb data-small="([^"]+)" data-large="([^"]+)"', html)
    assert len(thumbs) == 3
    for href, small, large in thumbs:
        assert href == large
        assert ".fill-1200x1200.format-webp" in large
        assert ".fill-600x600.format-webp" in small
    assert len({large for _, _, large in thumbs}) == 3
    assert re.findall(r'alt="Image (\d) of 3: The (\w+) mug"', html) == [("1", "red"), ("2", "green"), ("3", "blue")]
    assert html.count('aria-current="true"') == 1


def test_the_main_image_is_a_link_to_the_larger_view_of_the_first_image(client, gallery_product):
    html = client.get(gallery_product.url).content.decode()
    main_link = re.search(r'<a href="([^"]+)"[^>]*data-gallery-main-link', html)[1]
    first_large = re.search(r'data-gallery-thumb data-small="[^"]+" data-large="([^"]+)"', html)[1]
    assert main_link == first_large
    assert re.search(r'<img src="[^"]+fill-600x600[^"]+"[^>]*alt="The red mug"[^>]*data-gallery-main', html)
    assert "js/gallery" in html
    assert 'data-testid="gallery-dialog"' in html


def test_a_single_image_has_no_thumbnails_but_still_a_larger_view(client, make_product):
    product = make_product("Plain mug")
    image = Image.objects.create(title="Plain", file=get_test_image_file())
    ProductImage.objects.create(product=product, image=image, sort_order=0)
    html = client.get(product.url).content.decode()
    assert "data-gallery-thumb" not in html
    assert re.search(r'<a href="[^"]+fill-1200x1200[^"]+"[^>]*data-gallery-main-link', html)


def test_more_images_cost_no_more_queries(client, gallery_product, make_product):
    one = make_product("Single")
    ProductImage.objects.create(product=one, image=Image.objects.first(), sort_order=0)
    client.get(one.url)
    client.get(gallery_product.url)  # renditions made once, as the first visitor would
    with CaptureQueriesContext(connection) as single:
        client.get(one.url)
    with CaptureQueriesContext(connection) as three:
        client.get(gallery_product.url)
    assert len(three) == len(single)


def test_a_render_with_its_renditions_prefetched_writes_nothing_to_the_renditions_cache(
    client, gallery_product, make_product, monkeypatch
):
    # Wagtail 8.0's {% image %} tag stored every rendition it drew, prefetched or not: a pickle and a
    # cache round trip per image (catalogue.selectors.renditions).
    related = make_product("Enamel jug")
    gallery_product.categories.add(category := related.categories.model.objects.create(name="Jugs", slug="jugs"))
    related.categories.add(category)
    ProductImage.objects.create(product=related, image=Image.objects.first(), sort_order=0)
    urls = [gallery_product.url, "/shop/"]
    for url in urls:
        client.get(url)  # renditions made once, as the first visitor would
    renditions_cache = caches["renditions"]
    writes = []
    monkeypatch.setattr(renditions_cache, "set", lambda *args, **kwargs: writes.append(args[0]))
    monkeypatch.setattr(renditions_cache, "set_many", lambda data, *args, **kwargs: writes.extend(data))
    for url in urls:
        html = client.get(url).content.decode()
        assert ".fill-480x480.format-webp" in html  # a product card's image (a related product's on the product page)
    assert 'property="og:image" content="http://testserver/' in client.get(gallery_product.url).content.decode()
    assert writes == []
