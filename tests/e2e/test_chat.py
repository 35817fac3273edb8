import pytest

from tests.fixtures.live import sign_in

pytestmark = pytest.mark.browser


def test_a_customer_and_an_agent_hold_a_conversation(
    asgi_live_server, new_page, screenshot, home_page, customer, agent
):
    server = asgi_live_server.url
    support = new_page()
    sign_in(support, f"{server}/admin/login/?next=/admin/livechat/", agent)
    support.get_by_text("No open conversations.").wait_for()

    shopper = new_page()
    sign_in(shopper, f"{server}/accounts/login/?next=/about/", customer)
    shopper.get_by_role("button", name="Chat with us").click()
    shopper.get_by_label("Your message").fill("Do you gift wrap?")
    shopper.get_by_label("Your message").press("Enter")
    shopper.locator("[data-chat-messages] li", has_text="Do you gift wrap?").wait_for()

    support.locator("[data-conversation-list] button", has_text="waiting").click()
    support.locator("[data-messages] li", has_text="Do you gift wrap?").wait_for()
    support.get_by_role("button", name="Claim").click()
    support.locator("[data-conversation-list] button", has_text="yours").wait_for()
    assert not support.get_by_role("button", name="Claim").is_visible()  # it is theirs now
    support.get_by_label("Reply", exact=True).fill("Yes, for free!")
    support.get_by_role("button", name="Send").click()

    shopper.locator("[data-chat-messages] li", has_text="Yes, for free!").wait_for()
    # The indicator goes with the reply, not three seconds later.
    shopper.locator("[data-chat-typing]").wait_for(state="hidden", timeout=1500)
    shopper.locator("[data-read-state]", has_text="Read").wait_for()
    screenshot(shopper, "customer")
    screenshot(support, "agent")

    shopper.get_by_role("link", name="Contact").click()
    shopper.wait_for_url("**/contact/")
    # A new page reloads the conversation from the server.
    shopper.locator("[data-chat-messages] li", has_text="Yes, for free!").wait_for()
    # The indicator goes with the reply, not three seconds later.
    shopper.locator("[data-chat-typing]").wait_for(state="hidden", timeout=1500)
    assert shopper.locator("[data-chat-messages] li").count() == 2
