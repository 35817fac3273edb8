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


def test_an_agent_switches_customer_chat_off_and_on(client, home_page, agent):
    client.force_login(agent)
    client.post("/admin/livechat/toggle/", {})
    assert store_settings().chat_enabled is False
    client.post("/admin/livechat/toggle/", {"enabled": "on"})
    assert store_settings().chat_enabled is True


def test_closed_conversations_can_be_searched(client, home_page, agent, customer):
    from livechat.models import Conversation, Message

    closed = Conversation.objects.create(customer=customer, status="closed")
    Message.objects.create(conversation=closed, sender=customer, sender_role="customer", body="Refund for the lamp")
    client.force_login(agent)
    assert customer.email in client.get("/admin/livechat/", {"q": "lamp"}).content.decode()
    assert customer.email not in client.get("/admin/livechat/", {"q": "kettle"}).content.decode()
