"""Breadcrumbs read from the home page down: "Home / Shop / Kitchen / Mug", the last item the current one."""

import re

import pytest

from home.models import ContentPage

pytestmark = pytest.mark.django_db


def crumbs(html: str) -> list[tuple[str, str]]:
    """(text, href) of each breadcrumb item; href "" for the current one."""
    nav = re.search(r'<nav aria-label="Breadcrumb".*?</nav>', html, re.S)
    assert nav, "no breadcrumbs"
    items = re.findall(
        r'<li>(?:<a href="([^"]*)"[^>]*>([^<]*)</a>|<span aria-current="page"[^>]*>([^<]*)</span>)</li>', nav[0]
    )
    return [(linked or current, href) for href, linked, current in items]


@pytest.fixture
def kitchen(make_category):
    return make_category("Kitchen")


def test_a_product_reads_home_shop_category_product(client, make_product, kitchen):
    mug = make_product("Enamel mug", categories=[kitchen])
    html = client.get(mug.url).content.decode()
    assert crumbs(html) == [
        ("Home", "/"),
        ("Shop", "/shop/"),
        ("Kitchen", "/shop/category/kitchen/"),
        ("Enamel mug", ""),
    ]


def test_a_product_in_a_subcategory_lists_the_parent_category_after_the_shop(client, make_product, make_category):
    home_and_living = make_category("Home & living", slug="home-living")
    kitchen = make_category("Kitchen", parent=home_and_living)
    mug = make_product("Enamel mug", categories=[kitchen])
    assert crumbs(client.get(mug.url).content.decode()) == [
        ("Home", "/"),
        ("Shop", "/shop/"),
        ("Home &amp; living", "/shop/category/home-living/"),
        ("Kitchen", "/shop/category/kitchen/"),
        ("Enamel mug", ""),
    ]


def test_a_product_without_a_category_reads_home_shop_product(client, make_product):
    lamp = make_product("Desk lamp")
    assert crumbs(client.get(lamp.url).content.decode()) == [("Home", "/"), ("Shop", "/shop/"), ("Desk lamp", "")]


def test_a_category_page_links_the_shop_and_its_parent_and_ends_on_itself(client, shop_page, make_category, kitchen):
    make_category("Cups", parent=kitchen)
    html = client.get("/shop/category/cups/").content.decode()
    assert crumbs(html) == [("Home", "/"), ("Shop", "/shop/"), ("Kitchen", "/shop/category/kitchen/"), ("Cups", "")]


def test_the_shop_index_reads_home_shop(client, shop_page):
    assert crumbs(client.get("/shop/").content.decode()) == [("Home", "/"), ("Shop", "")]


def test_a_nested_content_page_reads_home_parent_page(client, home_page):
    about = ContentPage.objects.get(slug="about")
    team = about.add_child(instance=ContentPage(title="Our team", slug="team"))
    assert crumbs(client.get(team.url).content.decode()) == [("Home", "/"), ("About us", "/about/"), ("Our team", "")]


def test_the_home_page_has_no_breadcrumbs(client, home_page):
    assert 'aria-label="Breadcrumb"' not in client.get("/").content.decode()
