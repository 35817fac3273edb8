"""Shipping, returns, privacy and terms are editable content pages, seeded, and linked from every footer."""

import re

import pytest

from core.selectors import store_settings
from home.demo import seed_site
from home.models import ContentPage

pytestmark = pytest.mark.django_db

POLICIES = [
    ("Shipping", "/shipping/"),
    ("Returns", "/returns/"),
    ("Privacy policy", "/privacy/"),
    ("Terms and conditions", "/terms/"),
]


def footer_links(html: str) -> list[tuple[str, str]]:
    nav = re.search(r'<nav aria-label="Policies".*?</nav>', html, re.S)
    return [(title, href) for href, title in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav[0])] if nav else []


def test_seeding_creates_the_four_policy_pages_once_and_chooses_them_in_the_store_settings(home_page):
    seed_site()  # a second run changes nothing
    pages = ContentPage.objects.filter(slug__in=["shipping", "returns", "privacy", "terms"])
    assert pages.count() == 4
    assert all(page.live and not page.show_in_menus for page in pages)
    store = store_settings()
    assert [page.title for page in store.policy_pages] == [title for title, _ in POLICIES]


def test_every_page_footer_links_the_policy_pages(client, home_page, make_product):
    for url in ["/", "/about/", make_product("Mug").url, "/shipping/"]:
        assert footer_links(client.get(url).content.decode()) == [(t, h) for t, h in POLICIES], url


def test_a_policy_page_renders_its_editable_body(client, home_page):
    html = client.get("/returns/").content.decode()
    assert "30 days to return" in html
    assert "Returns</h1>" in html


def test_an_unpublished_or_unchosen_policy_page_leaves_the_footer(client, home_page):
    ContentPage.objects.get(slug="privacy").unpublish()
    store = store_settings()
    store.terms_page = None
    store.save()
    assert footer_links(client.get("/").content.decode()) == [POLICIES[0], POLICIES[1]]


def test_an_editor_can_link_another_page_as_the_shipping_policy(client, home_page):
    delivery = home_page.add_child(instance=ContentPage(title="Delivery and collection", slug="delivery"))
    store = store_settings()
    store.shipping_page = delivery
    store.save()
    assert footer_links(client.get("/").content.decode())[0] == ("Delivery and collection", "/delivery/")
