"""Pages work under the Content-Security-Policy: no violation on the storefront, checkout, chat
and the Wagtail admin, in a real browser."""

import pytest

from tests.fixtures.live import sign_in

pytestmark = pytest.mark.browser

COLLECT = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sourceFile}:${event.lineNumber}`);
});
"""


def watched(new_page):
    page = new_page()
    page.add_init_script(COLLECT)
    console = []
    page.on("console", lambda message: console.append(message.text))
    return page, console


def violations(page, console) -> list[str]:
    page.wait_for_load_state("networkidle")
    seen = page.evaluate("window.__cspViolations || []")
    return seen + [text for text in console if "Content Security Policy" in text]


def test_no_csp_violation_on_storefront_checkout_chat_and_admin(
    asgi_live_server, new_page, home_page, customer, manager, make_address, shipping_method, make_product
):
    server = asgi_live_server.url
    make_address(customer)
    lamp = make_product("Brass Lamp", variants=[("", "40.00", 10)])

    shopper, console = watched(new_page)
    shopper.goto(server + "/")
    assert violations(shopper, console) == [], "home"
    shopper.goto(server + lamp.url)
    assert violations(shopper, console) == [], "product"
    shopper.get_by_role("button", name="Chat with us").click()
    shopper.locator("[data-chat-panel]").wait_for()
    assert violations(shopper, console) == [], "chat"

    sign_in(shopper, f"{server}/accounts/login/?next={lamp.url}", customer)
    shopper.get_by_role("button", name="Add to cart").click()
    shopper.wait_for_url("**/cart/")
    assert violations(shopper, console) == [], "cart"
    shopper.get_by_role("link", name="Check out").click()
    shopper.wait_for_url("**/checkout/")
    assert violations(shopper, console) == [], "checkout"

    staff, staff_console = watched(new_page)
    sign_in(staff, f"{server}/admin/login/?next=/admin/", manager)
    staff.wait_for_url(f"{server}/admin/")
    assert violations(staff, staff_console) == [], "admin dashboard"
    staff.goto(f"{server}/admin/livechat/")
    assert violations(staff, staff_console) == [], "agent chat panel"
