"""A new visitor adds to cart from a product page served from the shared page cache."""

import pytest

from commerce.cart.models import CartLine

pytestmark = pytest.mark.browser


def test_new_visitor_adds_to_cart_from_a_cached_product_page(page_cache, asgi_live_server, new_page, make_product):
    mug = make_product("Enamel Mug", variants=[("Blue", "12.50", 10), ("Green", "12.50", 10)])
    url = asgi_live_server.url + mug.url

    first = new_page()
    assert first.goto(url).headers.get("x-page-cache") == "miss"

    visitor = new_page()  # a fresh browser context: no cookies, never seen the shop
    response = visitor.goto(url)
    assert response.headers.get("x-page-cache") == "hit"
    assert visitor.locator("input[name=csrfmiddlewaretoken]").count() == 0
    visitor.get_by_label("Green").check()
    visitor.fill("input[name=quantity]", "2")
    visitor.get_by_role("button", name="Add to cart").click()
    visitor.wait_for_url("**/cart/")
    assert "Enamel Mug" in visitor.get_by_test_id("cart-lines").inner_text()
    line = CartLine.objects.get()
    assert (line.variant.option_label, line.quantity) == ("Green", 2)
    # The first visitor's cart stays empty: nothing of one visitor reached the other.
    first.goto(url)
    assert first.locator("[data-cart-count]").inner_text() == ""
