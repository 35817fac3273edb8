import pytest

from commerce.orders.models import OrderStatus, PaymentMethod
from commerce.orders.settlement import mark_order_paid
from tests.fixtures.live import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def paid_orders(asgi_live_server, customer, make_user, make_order, make_product):
    """The customer's paid order and another customer's; made before the browser's event loop starts."""
    kettle = make_product("Copper Kettle", variants=[("", "30.00", 10)]).variants.get()
    orders = []
    for owner in (customer, make_user()):
        order = make_order(owner, [(kettle, 1)], payment_method=PaymentMethod.BANK_TRANSFER)
        mark_order_paid(order=order)
        orders.append(order)
    return orders


def test_manager_ships_an_order_found_from_the_dashboard_and_the_customer_sees_the_tracking_live(
    paid_orders, asgi_live_server, new_page, screenshot, customer, manager
):
    order, other = paid_orders
    server = asgi_live_server.url

    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/accounts/orders/{order.reference}/", customer)
    shopper.get_by_test_id("order-status").filter(has_text="Paid").wait_for()
    assert shopper.get_by_test_id("order-tracking").is_hidden()

    staff = new_page()
    sign_in(staff, f"{server}/admin/login/?next=/admin/", manager)
    staff.get_by_test_id("awaiting-shipment").click()
    staff.wait_for_url("**/admin/orders/?awaiting=shipment")
    staff.get_by_role("link", name=other.reference).wait_for()
    staff.locator("#id_q").fill(customer.email)
    staff.locator("#id_q").press("Enter")
    staff.get_by_role("link", name=other.reference).wait_for(state="detached")
    staff.get_by_role("link", name=order.reference).click()
    staff.wait_for_url(f"**/admin/orders/inspect/{order.pk}/")
    staff.get_by_role("link", name="Change status").click()
    staff.get_by_label("New status").select_option(label="Shipped")
    staff.get_by_label("Carrier").fill("DHL")
    staff.get_by_label("Tracking number").fill("JD0146000000")
    staff.get_by_role("button", name="Save").click()
    staff.wait_for_url(f"**/admin/orders/inspect/{order.pk}/")
    assert "JD0146000000" in staff.get_by_test_id("order-summary").inner_text()

    shopper.get_by_test_id("order-status").filter(has_text="Shipped").wait_for()
    shopper.get_by_test_id("order-tracking").filter(has_text="JD0146000000").wait_for()
    assert "DHL" in shopper.get_by_test_id("order-tracking").inner_text()
    screenshot(shopper, "order-tracking-live")
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (OrderStatus.SHIPPED, "JD0146000000")


@pytest.fixture
def customer_order(asgi_live_server, customer, make_order, make_product):
    return make_order(customer, [(make_product("Tin Cup", variants=[("", "8.00", 5)]).variants.get(), 1)])


def test_an_agent_opens_the_customers_order_from_the_conversation(
    customer_order, asgi_live_server, new_page, home_page, customer, agent
):
    server = asgi_live_server.url
    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/about/", customer)
    shopper.get_by_role("button", name="Chat with us").click()
    shopper.get_by_label("Your message").fill("Where is my cup?")
    shopper.get_by_label("Your message").press("Enter")
    shopper.locator("[data-chat-messages] li", has_text="Where is my cup?").wait_for()

    support = new_page()
    sign_in(support, f"{server}/admin/login/?next=/admin/livechat/", agent)
    support.locator("[data-conversation-list] button", has_text="waiting").click()
    support.get_by_role("link", name=customer_order.reference).click()
    support.wait_for_url(f"**/admin/orders/inspect/{customer_order.pk}/")
    assert "Tin Cup" in support.content()
