"""The product gallery in a browser: a thumbnail switches the main image, the main image opens a
larger view (a dialog, closed with Escape), and without JavaScript every image is a plain link to
its larger rendition. Screenshots of the product page and its footer at phone and desktop widths."""

import pytest

from catalogue.demo import seed_catalogue
from catalogue.models import ProductPage
from home.demo import seed_site
from tests.fixtures.live import ARTIFACTS, DESKTOP, PHONE

pytestmark = pytest.mark.browser


@pytest.fixture
def media_served(settings):
    """DEBUG on and the URLs re-read before the server forks, so it serves uploaded images (renditions)."""
    from tests.fixtures.payments import reload_urlconf

    settings.DEBUG = True
    reload_urlconf()
    yield
    settings.DEBUG = False
    reload_urlconf()


@pytest.fixture
def demo_product(media_served, asgi_live_server):
    seed_site()
    seed_catalogue()
    product = ProductPage.objects.live().filter(gallery_images__isnull=False).order_by("path").first()
    assert product.gallery_images.count() >= 3
    return product


def test_a_thumbnail_switches_the_main_image_and_the_main_image_opens_a_larger_view(
    demo_product, asgi_live_server, new_page, screenshot
):
    page = new_page(DESKTOP)
    page.goto(asgi_live_server.url + demo_product.url)
    main = page.get_by_test_id("gallery-main")
    thumbs = page.get_by_test_id("gallery-thumb")
    assert thumbs.count() == demo_product.gallery_images.count()
    first_src = main.get_attribute("src")
    assert thumbs.nth(0).get_attribute("aria-current") == "true"

    thumbs.nth(2).click()
    assert main.get_attribute("src") == thumbs.nth(2).get_attribute("data-small")
    assert main.get_attribute("src") != first_src
    assert thumbs.nth(2).get_attribute("aria-current") == "true"
    assert thumbs.nth(0).get_attribute("aria-current") == "false"
    assert page.url.endswith(demo_product.url)  # switched in place, no navigation

    dialog = page.get_by_test_id("gallery-dialog")
    assert not dialog.is_visible()
    page.get_by_test_id("gallery-main-link").click()
    assert dialog.is_visible()
    large = page.get_by_test_id("gallery-large")
    assert large.get_attribute("src") == thumbs.nth(2).get_attribute("data-large")
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=large.element_handle())
    assert large.bounding_box()["width"] > main.bounding_box()["width"]  # larger than the page's image
    screenshot(page, "larger-view")

    page.keyboard.press("ArrowRight")  # pages through to the next image (wrapping round)
    assert large.get_attribute("src") == thumbs.nth(0).get_attribute("data-large")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert page.evaluate("document.activeElement.dataset.testid") == "gallery-main-link"


def test_without_javascript_a_thumbnail_is_a_link_to_the_larger_image(demo_product, asgi_live_server, new_page):
    page = new_page(DESKTOP, java_script_enabled=False)
    page.goto(asgi_live_server.url + demo_product.url)
    target = page.get_by_test_id("gallery-thumb").nth(1).get_attribute("href")
    page.get_by_test_id("gallery-thumb").nth(1).click()
    page.wait_for_url(f"**{target}")
    assert ".fill-1200x1200" in page.url


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390", "desktop-1366"])
def test_product_page_and_footer_screenshots(demo_product, asgi_live_server, new_page, screenshot, viewport):
    page = new_page(viewport)
    page.goto(asgi_live_server.url + demo_product.url)
    crumbs = page.get_by_test_id("breadcrumbs").inner_text().replace("\n", " ")
    assert crumbs.startswith("Home / Shop / ")
    assert crumbs.endswith(demo_product.title)
    thumbs = page.get_by_test_id("gallery-thumb")
    assert thumbs.first.is_visible()
    assert thumbs.first.bounding_box()["x"] + thumbs.first.bounding_box()["width"] <= viewport["width"]
    screenshot(page, "product-page")  # the whole page
    page.screenshot(path=str(ARTIFACTS / f"product-page-{viewport['width']}.png"))  # what the visitor first sees
    footer = page.get_by_test_id("policy-links")
    footer.scroll_into_view_if_needed()
    assert [link.inner_text() for link in footer.get_by_role("link").all()] == [
        "Shipping",
        "Returns",
        "Privacy policy",
        "Terms and conditions",
    ]
    page.locator("footer").screenshot(path=str(ARTIFACTS / f"footer-{viewport['width']}.png"))
