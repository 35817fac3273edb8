import pytest

from commerce.orders.models import OrderStatus, PaymentMethod
from commerce.orders.settlement import mark_order_paid
from core.money import format_money
from tests.fixtures.live import sign_in

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # the browser tests are skipped without Playwright
    PlaywrightTimeout = TimeoutError

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
    shopper.get_by_label("Your message").fill(f"Where is my cup? It is order {customer_order.reference}.")
    shopper.get_by_label("Your message").press("Enter")
    shopper.locator("[data-chat-messages] li", has_text="Where is my cup?").wait_for()

    support = new_page()
    sign_in(support, f"{server}/admin/login/?next=/admin/livechat/", agent)
    support.locator("[data-conversation-list] button", has_text="waiting").click()
    # The customer's recent orders, with totals as the shop writes money, and the reference in
    # the message itself is a link to the order.
    support.locator("[data-customer]", has_text=format_money(customer_order.total)).wait_for()
    support.locator("[data-messages] li", has_text="Where is my cup?").get_by_role(
        "link", name=customer_order.reference
    ).click()
    support.wait_for_url(f"**/admin/orders/inspect/{customer_order.pk}/")
    assert "Tin Cup" in support.content()


# Recorded in the page before any script runs: the notifications shown and the chimes played.
RECORD_ALERTS = """
window.__notifications = [];
window.__chimes = 0;
if (window.Notification) {
  const Real = window.Notification;
  class Recorded extends Real {
    constructor(title, options) {
      window.__notifications.push({ title, body: (options && options.body) || "" });
      super(title, options);
    }
  }
  window.Notification = Recorded;
}
if (window.AudioContext) {
  const createOscillator = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () {
    window.__chimes += 1;
    return createOscillator.call(this);
  };
}
"""


def type_until_seen(field, indicator, text):
    """Type `text` a character at a time until the other side shows `indicator`: typing hints are
    sent at most every two seconds, so the first key may fall inside the last hint's window."""
    for typed, character in enumerate(text, start=1):
        field.press_sequentially(character)
        try:
            indicator.wait_for(state="visible", timeout=500)
        except PlaywrightTimeout:
            continue
        field.press_sequentially(text[typed:])
        return
    raise AssertionError("The other side never showed that someone is typing")


def alerted_page(new_page, server):
    page = new_page()
    page.context.grant_permissions(["notifications"], origin=server)
    page.add_init_script(RECORD_ALERTS)
    return page


@pytest.fixture
def second_agent(make_user):
    from commerce.accounts.roles import AGENT

    return make_user(AGENT, first_name="Bea", last_name="Backup")


@pytest.fixture
def canned_replies(asgi_live_server):
    from livechat.demo import seed_canned_replies

    seed_canned_replies()


def test_an_agent_is_alerted_to_a_new_chat_hands_it_over_and_the_second_agent_answers_and_closes_it(
    asgi_live_server, new_page, screenshot, home_page, customer, agent, second_agent, canned_replies
):
    server = asgi_live_server.url
    # The first agent is elsewhere in the admin; the second has the panel open (online).
    first = alerted_page(new_page, server)
    sign_in(first, f"{server}/admin/login/?next=/admin/orders/", agent)
    menu_item = first.locator("[data-livechat-menu]")
    menu_item.wait_for()
    assert first.locator("[data-livechat-badge]").count() == 0
    second = new_page()
    sign_in(second, f"{server}/admin/login/?next=/admin/livechat/", second_agent)
    second.get_by_text("No open conversations.").wait_for()

    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/about/", customer)
    shopper.get_by_role("button", name="Chat with us").click()
    shopper.locator("[data-chat-offline]").wait_for(state="hidden")  # the second agent is online
    shopper.get_by_label("Your message").fill("Has my parcel left?")
    shopper.get_by_label("Your message").press("Enter")
    shopper.locator("[data-chat-messages] li", has_text="Has my parcel left?").wait_for()

    # The badge and the notification reach the first agent on the orders page.
    first.locator("[data-livechat-menu] [data-livechat-badge]", has_text="1").wait_for()
    assert first.evaluate("window.__notifications") == [
        {"title": "New chat", "body": "A customer started a conversation."}
    ]
    assert first.evaluate("window.__chimes") > 0
    screenshot(first, "badge")

    menu_item.click()
    first.wait_for_url("**/admin/livechat/")
    first.locator("[data-conversation-list] button", has_text="waiting").click()
    first.locator("[data-messages] li", has_text="Has my parcel left?").wait_for()
    first.get_by_role("button", name="Claim").click()
    first.locator("[data-conversation-list] button", has_text="yours").wait_for()
    first.get_by_label("Hand over to").select_option(label="Bea Backup (online)")
    first.get_by_role("button", name="Hand over").click()

    # The customer is told; the second agent sees it arrive, live.
    shopper.locator("[data-chat-messages] li[data-role=system]", has_text="handed this conversation to Bea").wait_for()
    second.get_by_text("Alex handed you the conversation with Chris Customer.").wait_for()
    second.locator("[data-conversation-list] button", has_text="yours").click()
    second.locator("[data-messages] li", has_text="Has my parcel left?").wait_for()
    first.locator("[data-conversation-list] button", has_text="Bea").wait_for()

    # Typing shows on each side and goes with the message, not seconds later.
    type_until_seen(shopper.get_by_label("Your message"), second.locator("[data-typing]"), "And the label?")
    shopper.get_by_label("Your message").press("Enter")
    second.locator("[data-messages] li", has_text="And the").wait_for()
    second.locator("[data-typing]").wait_for(state="hidden", timeout=1500)
    reply = second.get_by_label("Reply", exact=True)
    second.get_by_label("Canned reply").select_option(label="Delivery times")
    assert reply.input_value().startswith("Orders placed before 2 pm")
    reply.fill("")
    type_until_seen(reply, shopper.locator("[data-chat-typing]"), "It left today, label included.")
    second.get_by_role("button", name="Send").click()
    shopper.locator("[data-chat-messages] li[data-role=agent]", has_text="It left today, label included.").wait_for()
    shopper.locator("[data-chat-typing]").wait_for(state="hidden", timeout=1500)

    second.get_by_role("button", name="Close conversation").click()
    shopper.locator("[data-chat-messages] li[data-role=system]", has_text="Bea closed this conversation").wait_for()
    # Every agent's lists follow: gone from the open ones, on top of the closed ones.
    first.get_by_text("No open conversations.").wait_for()
    first.locator("[data-closed-list] button", has_text=customer.email).wait_for()
    second.get_by_text("No open conversations.").wait_for()
    first.locator("[data-livechat-badge]").wait_for(state="detached")
    screenshot(shopper, "closed-notice")
    screenshot(second, "panel-after-close")


def test_a_muted_agent_gets_the_badge_but_no_sound_or_notification_and_the_widget_sees_them_come_online(
    asgi_live_server, new_page, home_page, customer, agent
):
    server = asgi_live_server.url
    support = alerted_page(new_page, server)
    sign_in(support, f"{server}/admin/login/?next=/admin/livechat/", agent)
    support.get_by_role("button", name="Mute new-chat alerts").click()
    support.goto(f"{server}/admin/orders/")  # the choice is kept across pages
    assert support.evaluate("localStorage.getItem('livechat.muted')") == "1"

    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/about/", customer)
    shopper.get_by_role("button", name="Chat with us").click()
    # The agent left the panel: nobody is online (the badge on other admin pages is not presence).
    shopper.locator("[data-chat-offline]").wait_for(state="visible")
    shopper.get_by_label("Your message").fill("Hello?")
    shopper.get_by_label("Your message").press("Enter")

    # The alert is sent before the count that follows the first message, so by now it was ignored.
    support.locator("[data-livechat-badge]", has_text="1").wait_for()
    assert support.evaluate("[window.__notifications.length, window.__chimes]") == [0, 0]
    support.goto(f"{server}/admin/livechat/")
    support.get_by_role("button", name="Unmute new-chat alerts").wait_for()
    # The widget, open all along, learns that an agent is online now.
    shopper.locator("[data-chat-offline]").wait_for(state="hidden")
