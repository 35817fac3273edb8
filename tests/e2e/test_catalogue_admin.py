import pytest
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import ProductPage, StockRecord
from tests.fixtures.live import sign_in

pytestmark = pytest.mark.browser


def test_an_editor_builds_a_product_in_the_admin_and_customers_find_it(
    asgi_live_server, new_page, screenshot, manager, shop_page, tmp_path
):
    server = asgi_live_server.url
    editor = new_page()
    sign_in(editor, f"{server}/admin/login/?next=/admin/snippets/catalogue/category/add/", manager)
    editor.fill("input[name=name]", "Lighting")
    editor.fill("input[name=slug]", "lighting")
    editor.get_by_role("button", name="Save").click()
    editor.wait_for_url("**/admin/snippets/catalogue/category/")

    photo = tmp_path / "lamp.png"
    photo.write_bytes(get_test_image_file().file.getvalue())
    editor.goto(f"{server}/admin/images/add/")
    editor.set_input_files("input[type=file][name=file]", str(photo))
    editor.fill("input[name=title]", "Lamp photo")
    editor.locator("form button[type=submit]", has_text="Upload").click()
    editor.wait_for_url("**/admin/images/**")

    editor.goto(f"{server}/admin/pages/add/catalogue/productpage/{shop_page.pk}/")
    editor.fill("input[name=title]", "Brass Desk Lamp")
    editor.fill("textarea[name=summary]", "A solid brass lamp for late reading.")
    editor.fill("input[name='variants-0-sku']", "LAMP-S")
    editor.fill("input[name='variants-0-option_label']", "Small")
    editor.fill("input[name='variants-0-price']", "59.00")
    editor.get_by_role("button", name="Add variants").click()
    editor.fill("input[name='variants-1-sku']", "LAMP-L")
    editor.fill("input[name='variants-1-option_label']", "Large")
    editor.fill("input[name='variants-1-price']", "79.00")
    editor.get_by_role("button", name="Add gallery images").click()
    editor.get_by_role("button", name="Choose an image").click()
    editor.locator(".modal").get_by_text("Lamp photo").click()
    editor.locator("input[name=categories]").locator("xpath=..").filter(has_text="Lighting").locator("input").check()
    editor.locator("[data-w-dropdown-target=toggle]").last.click()
    editor.get_by_role("button", name="Publish").click()
    editor.wait_for_url("**/admin/pages/*/")
    screenshot(editor, "published")

    product = ProductPage.objects.get(title="Brass Desk Lamp")
    assert product.live
    assert [v.sku for v in product.variants.order_by("sort_order")] == ["LAMP-S", "LAMP-L"]
    for record in StockRecord.objects.filter(variant__product=product):
        record.quantity = 7
        record.save()

    shopper = new_page()
    shopper.goto(f"{server}/shop/category/lighting/")
    assert shopper.get_by_test_id("product-card").filter(has_text="Brass Desk Lamp").count() == 1
    shopper.goto(f"{server}/shop/?q=brass")
    shopper.get_by_test_id("product-card").filter(has_text="Brass Desk Lamp").click()
    shopper.wait_for_url("**/brass-desk-lamp/")
    assert shopper.get_by_role("heading", level=1).inner_text() == "Brass Desk Lamp"
    assert shopper.locator("input[name=variant]").count() == 2
    assert "€59.00" in shopper.locator("[data-testid=add-to-cart]").inner_text()
    assert shopper.locator("[data-testid=gallery] img").first.get_attribute("srcset")
    screenshot(shopper, "product")
