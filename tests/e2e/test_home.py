import pytest

from home.demo import seed_site

pytestmark = pytest.mark.browser


def test_home_page_shows_navigation_search_and_store_contact(asgi_live_server, new_page, screenshot):
    seed_site()
    page = new_page()
    page.goto(asgi_live_server.url + "/")

    nav = page.get_by_test_id("main-nav")
    assert nav.get_by_role("link", name="About us").is_visible()
    assert nav.get_by_role("link", name="Contact").is_visible()
    assert page.get_by_role("searchbox", name="Search products").is_visible()
    assert "hello@example.com" in page.get_by_test_id("store-contact").inner_text()
    stylesheet_applied = page.evaluate("getComputedStyle(document.querySelector('header')).borderBottomStyle")
    assert stylesheet_applied == "solid"

    nav.get_by_role("link", name="About us").click()
    page.wait_for_url("**/about/")
    assert page.get_by_role("heading", level=1).inner_text() == "About us"
    assert nav.get_by_role("link", name="About us").get_attribute("aria-current") == "page"
    assert screenshot(page, "about").stat().st_size > 0
