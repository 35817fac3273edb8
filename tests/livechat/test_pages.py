import pytest
from django.test import Client

from core.selectors import store_settings

pytestmark = pytest.mark.django_db


def switch_chat(enabled):
    store = store_settings()
    store.chat_enabled = enabled
    store.save()


def test_the_widget_is_on_every_storefront_page_while_chat_is_on(client, home_page):
    for path in ["/", "/about/", "/contact/"]:
        assert "data-chat-widget" in client.get(path).content.decode()


def test_chat_switched_off_removes_the_widget_and_refuses_sessions(client, home_page):
    switch_chat(False)
    assert "data-chat-widget" not in client.get("/").content.decode()
    assert client.post("/chat/session/").status_code == 404


def test_a_guest_gets_a_chat_identity_in_the_session(client, home_page):
    assert client.post("/chat/session/").json() == {"ok": True}
    token = client.session["chat_guest_token"]
    client.post("/chat/session/")
    assert client.session["chat_guest_token"] == token


def test_the_chat_session_endpoint_needs_csrf(home_page):
    assert Client(enforce_csrf_checks=True).post("/chat/session/").status_code == 403


@pytest.mark.parametrize("role", ["agent", "manager"])
def test_agents_and_managers_have_the_live_chat_panel(client, home_page, role, request):
    client.force_login(request.getfixturevalue(role))
    assert "Live chat" in client.get("/admin/").content.decode()
    assert client.get("/admin/livechat/").status_code == 200


def test_clients_have_no_live_chat_panel(client, home_page, customer):
    client.force_login(customer)
    assert client.get("/admin/livechat/").status_code == 302


def test_the_chat_switch_lives_in_store_settings_not_in_the_panel(client, home_page, agent, manager):
    client.force_login(agent)
    panel = client.get("/admin/livechat/").content.decode()
    assert 'name="enabled"' not in panel
    assert "/admin/settings/core/storesettings/" not in panel
    assert client.post("/admin/livechat/toggle/", {}).status_code == 404
    assert store_settings().chat_enabled is True
    client.force_login(manager)
    assert b"chat_enabled" in client.get("/admin/settings/core/storesettings/", follow=True).content


def test_the_panel_offers_the_canned_replies_in_the_reply_box(client, home_page, agent):
    from livechat.models import CannedReply

    CannedReply.objects.create(title="Opening hours", body="We answer from 9 to 5 & on Saturdays.")
    client.force_login(agent)
    panel = client.get("/admin/livechat/").content.decode()
    assert '<select id="canned-reply" data-canned>' in panel
    assert 'data-body="We answer from 9 to 5 &amp; on Saturdays.">Opening hours</option>' in panel


def test_managers_keep_canned_replies_as_snippets_and_agents_only_use_them(client, home_page, agent, manager):
    from livechat.models import CannedReply

    listing = "/admin/snippets/livechat/cannedreply/"
    client.force_login(manager)
    response = client.post(f"{listing}add/", {"title": "Thanks", "body": "Thank you for your patience."})
    assert response.status_code == 302
    assert CannedReply.objects.get().body == "Thank you for your patience."
    assert "Thanks" in client.get(listing).content.decode()
    client.force_login(agent)
    assert client.get(listing).status_code in {302, 403}
    assert client.get("/admin/snippets/").status_code in {302, 403}


def test_every_admin_page_of_an_agent_carries_the_live_chat_badge(client, home_page, agent, customer):
    client.force_login(agent)
    for url in ["/admin/", "/admin/orders/"]:
        page = client.get(url).content.decode()
        assert "js/livechat-badge" in page
        assert "data-livechat-menu" in page


def test_closed_conversations_can_be_searched(client, home_page, agent, customer):
    from livechat.models import Conversation, Message

    closed = Conversation.objects.create(customer=customer, status="closed")
    Message.objects.create(conversation=closed, sender=customer, sender_role="customer", body="Refund for the lamp")
    client.force_login(agent)
    assert customer.email in client.get("/admin/livechat/", {"q": "lamp"}).content.decode()
    assert customer.email not in client.get("/admin/livechat/", {"q": "kettle"}).content.decode()
