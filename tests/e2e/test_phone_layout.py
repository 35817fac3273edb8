"""The storefront on a phone (390 px) and a desktop (1366 px): compact header with a menu button,
filters in a drawer, two product columns, the chat button clear of the first product."""

import pytest

from catalogue.demo import seed_catalogue
from catalogue.models import ProductPage
from home.demo import seed_site
from tests.fixtures.live import DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_shop(asgi_live_server, settings, tmp_path):
    seed_site()
    seed_catalogue()
    return asgi_live_server


def box(locator):
    return locator.bounding_box()


def test_on_a_phone_the_first_product_is_in_view_and_the_filter_drawer_filters(demo_shop, new_page, screenshot):
    page = new_page(PHONE)
    page.goto(demo_shop.url + "/shop/")
    header = box(page.get_by_test_id("site-header"))
    assert header["height"] <= 64
    assert not page.get_by_test_id("main-nav").is_visible()
    first = page.get_by_test_id("product-card").first
    first_box = box(first)
    assert first_box["y"] + first_box["height"] / 2 < PHONE["height"]  # visible without scrolling
    second_box = box(page.get_by_test_id("product-card").nth(1))
    assert second_box["y"] == first_box["y"]  # two columns
    assert first_box["width"] < PHONE["width"] / 2
    chat = page.get_by_test_id("chat-button")
    if chat.count():
        chat_box = box(chat)
        assert chat_box["width"] <= 56
        # The chat button does not cover the first row of products.
        assert chat_box["y"] > first_box["y"] + first_box["height"]
    screenshot(page, "phone-shop")

    page.get_by_test_id("menu-button").click()
    assert page.get_by_test_id("main-nav").is_visible()
    assert page.get_by_role("searchbox", name="Search products").is_visible()
    screenshot(page, "phone-menu-open")
    page.get_by_test_id("menu-button").click()
    assert not page.get_by_test_id("main-nav").is_visible()

    drawer = page.get_by_test_id("filter-drawer")
    assert not drawer.is_visible()
    page.get_by_test_id("open-filters").click()
    assert drawer.is_visible()
    assert box(drawer)["width"] == PHONE["width"]
    screenshot(page, "phone-filters-open")
    total = ProductPage.objects.live().count()
    cheapest_ceiling = "30"
    drawer.locator('[name="max_price"]').fill(cheapest_ceiling)
    drawer.get_by_role("button", name="Apply").click()
    page.wait_for_url("**/shop/?*max_price=30*")
    assert not drawer.is_visible()
    shown = page.get_by_test_id("product-card").count()
    assert 0 < shown < total
    screenshot(page, "phone-filtered")


def test_on_a_desktop_the_header_and_filters_are_always_shown(demo_shop, new_page, screenshot):
    page = new_page(DESKTOP)
    page.goto(demo_shop.url + "/shop/")
    assert page.get_by_test_id("main-nav").is_visible()
    assert not page.get_by_test_id("menu-button").is_visible()
    assert not page.get_by_test_id("open-filters").is_visible()
    assert page.get_by_test_id("filter-drawer").is_visible()
    assert box(page.get_by_test_id("site-header"))["height"] <= 64
    cards = page.get_by_test_id("product-card")
    drawer = box(page.get_by_test_id("filter-drawer"))
    assert box(cards.first)["x"] > drawer["x"] + drawer["width"]  # a sidebar beside the products
    assert box(cards.first)["y"] < DESKTOP["height"]
    assert box(cards.nth(2))["y"] == box(cards.first)["y"]  # three columns
    assert box(cards.first)["width"] > 250
    screenshot(page, "desktop-shop")
