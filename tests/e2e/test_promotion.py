"""Done when for promotions: an editor builds a landing page from blocks, a customer buys from it with a code."""

import re
from decimal import Decimal

import pytest

from commerce.discounts.models import DiscountCode, DiscountKind
from commerce.orders.models import Order, OrderStatus, ShippingMethod
from commerce.payments.models import Payment, PaymentStatus
from home.models import ContentPage
from tests.fixtures.live import sign_in

from .steps import choose_shipping_and_paypal, fill_new_address, pay_through_the_stand_in, signed_in_page

pytestmark = pytest.mark.browser


def add_block(editor, label):
    """Append a block to the body StreamField through Wagtail's block picker."""
    editor.locator("button.c-sf-add-button:not([data-streamfield-list-add])").last.click()
    editor.locator(".w-combobox__option", has_text=label).first.click()


def test_an_editor_publishes_a_landing_page_and_a_customer_pays_the_discounted_total_through_paypal(
    paypal_stand_in, asgi_live_server, new_page, screenshot, manager, customer, home_page, make_product, make_category
):
    server = asgi_live_server.url
    garden = make_category("Garden")
    make_product("Watering can", variants=(("", "30.00", 5),), categories=[garden])
    make_product("Trowel", variants=(("", "12.00", 5),), categories=[garden])
    standard = ShippingMethod.objects.create(name="Standard", price=Decimal("4.90"))
    DiscountCode.objects.create(code="SPRING10", kind=DiscountKind.PERCENTAGE, value=Decimal("10"))

    # The editor builds the landing page in the admin: a banner, then a grid of the garden category.
    editor = new_page()
    sign_in(editor, f"{server}/admin/login/?next=/admin/pages/add/home/contentpage/{home_page.pk}/", manager)
    editor.fill("input[name=title]", "Spring in the garden")
    add_block(editor, "Promotion banner")
    editor.fill("input[name='body-0-value-heading']", "Spring sale: 10 % off with SPRING10")
    editor.fill("textarea[name='body-0-value-text']", "Everything for the garden.")
    editor.fill("input[name='body-0-value-link_url']", f"{server}/shop/")
    add_block(editor, "Product grid")
    editor.fill("input[name='body-1-value-heading']", "For the garden")
    editor.select_option("select[name='body-1-value-source']", "category")
    editor.locator("[data-contentpath=category]").get_by_role("button", name=re.compile("Choose")).click()
    editor.locator(".modal").get_by_role("link", name="Garden").click()
    editor.select_option("select[name='body-1-value-sort']", "price_asc")
    editor.locator("[data-w-dropdown-target=toggle]").last.click()
    editor.get_by_role("button", name="Publish").click()
    editor.wait_for_url("**/admin/pages/*/")
    screenshot(editor, "published")
    landing = ContentPage.objects.get(title="Spring in the garden")
    assert landing.live
    assert [block.block_type for block in landing.body] == ["promotion_banner", "product_grid"]

    # A customer opens it, buys from the grid, applies the code in the cart and pays through PayPal.
    shopper = signed_in_page(new_page, asgi_live_server, customer)
    shopper.goto(server + landing.url)
    assert "Spring sale: 10 % off with SPRING10" in shopper.get_by_test_id("promotion-banner").inner_text()
    cards = shopper.get_by_test_id("product-grid-block").get_by_test_id("product-card")
    assert cards.all_inner_texts()[0].startswith("Trowel")  # cheapest first, as the editor chose
    screenshot(shopper, "landing")
    cards.filter(has_text="Watering can").get_by_role("link", name="Watering can").click()
    shopper.wait_for_url("**/product-*/")
    shopper.get_by_test_id("add-to-cart").get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    shopper.get_by_test_id("discount-input").fill("spring10")
    shopper.get_by_test_id("discount-apply").click()
    shopper.get_by_test_id("discount-amount").wait_for()
    assert shopper.get_by_test_id("discount-code").inner_text() == "SPRING10"
    assert shopper.get_by_test_id("discount-amount").inner_text() == "−€3.00"
    screenshot(shopper, "cart")
    shopper.get_by_role("link", name="Check out").click()
    shopper.wait_for_url("**/checkout/")
    assert shopper.get_by_test_id("checkout-discount").inner_text() == "−€3.00"
    form = shopper.get_by_test_id("checkout-form")
    fill_new_address(form)
    choose_shipping_and_paypal(form, standard)
    assert shopper.get_by_test_id("checkout-total").inner_text() == "€31.90"  # 30.00 - 3.00 + 4.90
    form.get_by_role("button", name="Place order").click()

    shopper.wait_for_url(re.compile(r".*/payments/[A-Z0-9]{12}/$"))
    order = Order.objects.get(user=customer)
    assert shopper.get_by_test_id("pay-total").inner_text() == "€31.90"
    pay_through_the_stand_in(shopper, order, amount="31.90 EUR")
    shopper.get_by_text("Your payment is confirmed.").wait_for()
    shopper.get_by_test_id("order-link").click()
    shopper.wait_for_url(f"**/accounts/orders/{order.reference}/")
    assert shopper.get_by_test_id("order-status").inner_text() == "Paid"
    assert "SPRING10" in shopper.get_by_test_id("order-discount").inner_text()
    assert "−€3.00" in shopper.get_by_test_id("order-discount").inner_text()
    screenshot(shopper, "order")

    order.refresh_from_db()
    assert (order.status, order.discount_code, order.discount, order.total) == (
        OrderStatus.PAID,
        "SPRING10",
        Decimal("3.00"),
        Decimal("31.90"),
    )
    assert Payment.objects.get(order=order).status == PaymentStatus.COMPLETED
    assert DiscountCode.objects.get().times_used == 1

    # The order in the admin shows the code and the discount.
    editor.goto(f"{server}/admin/orders/inspect/{order.pk}/")
    assert "Discount code SPRING10" in editor.get_by_test_id("order-discount").inner_text()
    assert "3.00" in editor.get_by_test_id("order-discount").inner_text()
    screenshot(editor, "admin-order")
