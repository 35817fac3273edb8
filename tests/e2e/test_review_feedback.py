"""After sending a review, its thank-you message is on screen: the page lands on the message in the
reviews section, not on the top of the section nor on the top of the page."""

import pytest

from commerce.orders.settlement import mark_order_paid
from reviews.models import Review
from tests.fixtures.live import ARTIFACTS

from .steps import signed_in_page

pytestmark = pytest.mark.browser

IN_VIEWPORT = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight; }"


@pytest.fixture
def reviewed_product(asgi_live_server, customer, make_user, make_product, make_order):
    """A product the customer bought and paid (set up before the browser's event loop starts, as
    marking paid broadcasts synchronously), with earlier reviews pushing the form far down."""
    product = make_product("Enamel mug", variants=[("", "12.00", 20)], summary="A mug. " * 80)
    mark_order_paid(order=make_order(customer, [(product.variants.get(), 1)]))
    for number in range(6):
        Review.objects.create(
            product=product, author=make_user(), rating=4, title=f"Review {number}", body="Good. " * 60, approved=True
        )
    return product


def test_the_review_thank_you_message_is_in_view_after_sending(reviewed_product, asgi_live_server, new_page, customer):
    product = reviewed_product
    page = signed_in_page(new_page, asgi_live_server, customer)

    page.goto(asgi_live_server.url + product.url)
    form = page.get_by_test_id("review-form")
    form.locator('[name="title"]').fill("Keeps tea hot")
    form.locator('[name="body"]').fill("Lovely enamel.")
    form.get_by_role("button", name="Submit review").click()
    page.wait_for_url("**#review-feedback")

    message = page.get_by_test_id("review-feedback")
    assert "Thank you! Your review will appear once we have checked it." in message.inner_text()
    assert message.evaluate(IN_VIEWPORT)
    assert page.evaluate("window.scrollY") > 0  # the page did move down to the reviews
    assert not page.get_by_test_id("site-header").evaluate(IN_VIEWPORT)  # ...past the page's top
    page.screenshot(path=str(ARTIFACTS / "review-feedback-viewport.png"))  # what the customer sees after the jump
    assert Review.objects.filter(product=product, title="Keeps tea hot", approved=False).exists()
