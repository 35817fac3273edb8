"""The featured product and promotion banner blocks, the blocks' query budget, and the page cache they live in."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from catalogue.blocks import PromotionBannerBlock
from catalogue.models import ProductImage, ProductVariant
from catalogue.services import set_stock
from catalogue.tasks import schedule_page_purges, timed_moments
from home.models import ContentPage

pytestmark = pytest.mark.django_db


def card_titles(html):
    return re.findall(r'class="font-medium hover:text-emerald-700">([^<]+)</a>', html)


def featured(product, heading="Pick of the week"):
    return ("featured_product", {"product": product, "heading": heading, "text": "Our favourite."})


def banner(heading="Spring sale", *, starts=None, ends=None, image=None, link_url="https://example.com/sale"):
    return (
        "promotion_banner",
        {
            "image": image,
            "heading": heading,
            "text": "Twenty percent off garden tools.",
            "link_label": "Shop the sale",
            "link_page": None,
            "link_url": link_url,
            "starts": starts,
            "ends": ends,
        },
    )


def hand_picked(products):
    return (
        "product_grid",
        {
            "heading": "Picks",
            "source": "products",
            "products": list(products),
            "category": None,
            "count": 8,
            "sort": "newest",
        },
    )


@pytest.fixture
def make_page(home_page):
    def make(*blocks, slug="landing"):
        return home_page.add_child(instance=ContentPage(title="Landing", slug=slug, body=list(blocks)))

    return make


def test_featured_product_block_shows_the_shops_product_card(client, make_page, make_product):
    product = make_product("Garden Shears", variants=[("", "19.00", 3)])
    html = client.get(make_page(featured(product)).url).content.decode()
    assert 'data-testid="featured-product-block"' in html
    assert 'data-testid="product-card"' in html
    assert card_titles(html) == ["Garden Shears"]
    assert "Pick of the week" in html


def test_featured_product_unpublished_since_is_left_out(client, make_page, make_product):
    product = make_product("Old Shears")
    page = make_page(featured(product))
    product.unpublish()
    assert 'data-testid="featured-product-block"' not in client.get(page.url).content.decode()


def test_promotion_banner_shows_its_text_and_link(client, make_page):
    image = Image.objects.create(title="Sale", file=get_test_image_file())
    html = client.get(make_page(banner(image=image)).url).content.decode()
    assert 'data-testid="promotion-banner"' in html
    assert "Spring sale" in html
    assert 'href="https://example.com/sale"' in html
    assert "<img" in html.split('data-testid="promotion-banner"')[1]


@pytest.mark.parametrize(
    ("starts", "ends", "shown"),
    [
        (-timedelta(hours=1), timedelta(hours=1), True),
        (timedelta(hours=1), None, False),
        (None, -timedelta(seconds=1), False),
    ],
    ids=["running", "not-started", "ended"],
)
def test_promotion_banner_shows_only_between_its_start_and_end(client, make_page, starts, ends, shown):
    now = timezone.now()
    page = make_page(banner(starts=now + starts if starts else None, ends=now + ends if ends else None))
    assert ('data-testid="promotion-banner"' in client.get(page.url).content.decode()) is shown


def test_promotion_banner_refuses_an_end_before_its_start():
    block = PromotionBannerBlock()
    now = timezone.now()
    value = block.to_python(dict(banner(starts=now, ends=now - timedelta(days=1))[1]))
    with pytest.raises(StructBlockValidationError) as refused:
        block.clean(value)
    assert "ends" in refused.value.block_errors


def count_queries(client, url, django_assert_max_num_queries, ceiling):
    client.get(url)  # renditions are generated once, on the first view
    with django_assert_max_num_queries(ceiling) as captured:
        response = client.get(url)
    return response, len(captured.captured_queries)


def product_with_image(make_product, image):
    product = make_product(variants=[("S", "10.00", 5), ("L", "12.00", 0)])
    ProductImage.objects.create(product=product, image=image, sort_order=0)
    return product


def test_hand_picked_blocks_cost_the_same_queries_for_two_or_twelve_products(
    client, make_page, make_product, django_assert_max_num_queries
):
    image = Image.objects.create(title="Mug", file=get_test_image_file())
    few = [product_with_image(make_product, image) for _ in range(2)]
    many = [product_with_image(make_product, image) for _ in range(12)]
    small_page = make_page(hand_picked(few[:1]), featured(few[1]), banner(image=image), slug="few")
    big_page = make_page(
        hand_picked(many[:6]), *(featured(product) for product in many[6:]), banner(image=image), slug="many"
    )
    small, small_count = count_queries(client, small_page.url, django_assert_max_num_queries, 40)
    big, big_count = count_queries(client, big_page.url, django_assert_max_num_queries, small_count)
    assert len(card_titles(small.content.decode())) == 2
    assert len(card_titles(big.content.decode())) == 12
    assert big_count == small_count


def test_a_sale_price_published_on_a_product_purges_the_landing_page(
    page_cache, make_page, make_product, django_capture_on_commit_callbacks
):
    product = make_product("Shears", variants=[("", "19.00", 3)])
    page = make_page(hand_picked([product]), featured(product))
    assert Client().get(page.url)["X-Page-Cache"] == "miss"
    assert Client().get(page.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        variants = list(product.variants.all())
        variants[0].sale_price = Decimal("14.00")
        product.variants = variants  # as the page editor does: the variants are part of the page
        product.save_revision().publish()
    response = Client().get(page.url)
    assert response["X-Page-Cache"] == "miss"
    html = response.content.decode()
    assert re.search(r'data-testid="price">[^<]*14\.00', html)
    assert re.search(r'data-testid="compare-at-price">[^<]*19\.00', html)


def test_a_product_selling_out_purges_the_landing_page(
    page_cache, make_page, make_product, django_capture_on_commit_callbacks
):
    product = make_product("Shears", variants=[("", "19.00", 3)])
    page = make_page(featured(product))
    Client().get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        set_stock(variant=product.variants.get(), quantity=0)
    response = Client().get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Sold out" in response.content.decode()


def test_a_product_unpublished_purges_the_landing_page(
    page_cache, make_page, make_product, django_capture_on_commit_callbacks
):
    product = make_product("Shears")
    page = make_page(hand_picked([product]))
    Client().get(page.url)
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    response = Client().get(page.url)
    assert response["X-Page-Cache"] == "miss"
    assert card_titles(response.content.decode()) == []


def test_publishing_timed_content_knows_when_the_page_changes_by_itself(make_page, make_product):
    now = timezone.now()
    starts, ends = now + timedelta(days=1), now + timedelta(days=3)
    page = make_page(banner(starts=starts, ends=ends), banner("Past", ends=now - timedelta(days=1)))
    assert timed_moments(page) == {starts, ends}
    product = make_product("Shears")
    ProductVariant.objects.filter(product=product).update(sale_price=Decimal("5.00"), sale_ends=ends)
    assert timed_moments(product) == {ends}


def test_publishing_timed_content_queues_a_purge_for_each_moment(settings, make_page):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from django_tasks_db.models import DBTaskResult

    now = timezone.now()
    page = make_page(banner(starts=now + timedelta(days=1), ends=now + timedelta(days=2)))
    assert schedule_page_purges(page) == 2
    runs = sorted(
        DBTaskResult.objects.filter(task_path="catalogue.tasks.purge_cached_pages").values_list("run_after", flat=True)
    )
    assert [run.date() for run in runs] == [(now + timedelta(days=1)).date(), (now + timedelta(days=2)).date()]


def test_an_image_edited_in_the_library_purges_the_landing_page(
    page_cache, make_page, django_capture_on_commit_callbacks
):
    image = Image.objects.create(title="Sale", file=get_test_image_file())
    page = make_page(banner(image=image))
    Client().get(page.url)
    assert Client().get(page.url)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        image.title = "Spring sale"
        image.save()
    assert Client().get(page.url)["X-Page-Cache"] == "miss"
