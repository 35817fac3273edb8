"""Handover, closing, the menu badge and agent presence over real websockets (the project's ASGI
stack); the channel layer is whatever settings give."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from commerce.accounts.roles import AGENT
from livechat.models import Conversation
from site_project.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(path, cookie):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def receive_until(communicator, kind, *, where=lambda event: True, timeout=5):
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind and where(event):
            return event


@pytest.fixture
def second_agent(make_user):
    return make_user(AGENT, first_name="Bea", last_name="Backup")


@pytest.fixture
def cookies(home_page, customer, agent, second_agent, session_cookie):
    return {
        "customer": session_cookie(customer),
        "agent": session_cookie(agent),
        "second": session_cookie(second_agent),
    }


async def customer_starts_a_chat(cookies, body="Can someone help?"):
    customer, ok = await connect("/ws/chat/", cookies["customer"])
    assert ok
    await receive_until(customer, "hello")
    await customer.send_json_to({"type": "message", "body": body})
    message = await receive_until(customer, "message")
    return customer, message["message"]["conversation"]


def is_system(event):
    return event["message"]["role"] == "system"


async def test_a_handover_reaches_the_receiving_agent_live_and_the_customer_sees_a_notice(cookies, second_agent):
    first, _ = await connect("/ws/chat/agent/", cookies["agent"])
    second, _ = await connect("/ws/chat/agent/", cookies["second"])
    second_badge, _ = await connect("/ws/chat/agent/badge/", cookies["second"])
    await receive_until(second_badge, "badge")
    customer, conversation_id = await customer_starts_a_chat(cookies)
    await first.send_json_to({"type": "claim", "conversation": conversation_id})
    listing = await receive_until(
        first, "conversations", where=lambda e: [c["status"] for c in e["conversations"]] == ["assigned"]
    )
    assert [a["name"] for a in listing["agents"]] == ["Bea Backup"]
    assert listing["agents"][0]["online"] is True

    await first.send_json_to({"type": "handover", "conversation": conversation_id, "to": second_agent.pk})

    # The list first (the service's broadcasts go in order), then the word that it is theirs.
    theirs = await receive_until(
        second, "conversations", where=lambda e: [c["mine"] for c in e["conversations"]] == [True]
    )
    assert theirs["conversations"][0]["assigned_to"] == "Bea"
    handed = await receive_until(second, "handed_over")
    assert (handed["conversation"], handed["from"], handed["customer"]) == (conversation_id, "Alex", "Chris Customer")
    alert = await receive_until(second_badge, "alert", where=lambda e: e["kind"] == "handover")
    assert alert["conversation"] == conversation_id
    notice = await receive_until(customer, "message", where=is_system)
    assert notice["message"]["body"] == "Alex handed this conversation to Bea, who will answer you here."
    assert notice["message"]["sender"] == ""
    for socket in (first, second, second_badge, customer):
        await socket.disconnect()


async def test_a_conversation_not_yours_is_not_handed_over_from_the_socket(cookies, second_agent):
    first, _ = await connect("/ws/chat/agent/", cookies["agent"])
    customer, conversation_id = await customer_starts_a_chat(cookies)

    await first.send_json_to({"type": "handover", "conversation": conversation_id, "to": second_agent.pk})

    assert "claim it first" in (await receive_until(first, "error"))["message"]
    await first.send_json_to({"type": "claim", "conversation": conversation_id})
    await first.send_json_to({"type": "handover", "conversation": conversation_id, "to": 999_999})
    assert "only be handed to an agent" in (await receive_until(first, "error"))["message"]
    conversation = await sync_to_async(Conversation.objects.select_related("assigned_agent").get)()
    assert conversation.assigned_agent.first_name == "Alex"
    await first.disconnect()
    await customer.disconnect()


async def test_closing_tells_the_customer_and_updates_every_agents_lists(cookies):
    first, _ = await connect("/ws/chat/agent/", cookies["agent"])
    second, _ = await connect("/ws/chat/agent/", cookies["second"])
    customer, conversation_id = await customer_starts_a_chat(cookies)
    await receive_until(second, "conversations", where=lambda e: e["conversations"])

    await first.send_json_to({"type": "close", "conversation": conversation_id})

    notice = await receive_until(customer, "message", where=is_system)
    assert notice["message"]["body"].startswith("Alex closed this conversation.")
    assert (await receive_until(customer, "status"))["status"] == "closed"
    listing = await receive_until(second, "conversations", where=lambda e: not e["conversations"])
    assert [c["id"] for c in listing["closed"]] == [conversation_id]
    # Opened again from the closed list, it says it is closed (the panel then offers no reply box).
    await second.send_json_to({"type": "open", "conversation": conversation_id})
    assert (await receive_until(second, "customer"))["status"] == "closed"
    for socket in (first, second, customer):
        await socket.disconnect()


async def test_the_menu_badge_counts_live_and_alerts_a_new_conversation(cookies):
    badge, ok = await connect("/ws/chat/agent/badge/", cookies["agent"])
    assert ok
    assert (await receive_until(badge, "badge"))["count"] == 0

    customer, conversation_id = await customer_starts_a_chat(cookies)

    alert = await receive_until(badge, "alert")
    assert (alert["kind"], alert["conversation"]) == ("new", conversation_id)
    assert (await receive_until(badge, "badge", where=lambda e: e["count"]))["count"] == 1
    await customer.send_json_to({"type": "message", "body": "Still there?"})
    assert (await receive_until(badge, "badge"))["count"] == 1  # one conversation, however many messages
    await badge.disconnect()
    await customer.disconnect()


async def test_customers_have_no_badge_socket(cookies):
    _, ok = await connect("/ws/chat/agent/badge/", cookies["customer"])
    assert not ok


async def test_the_widget_learns_live_when_an_agent_comes_online_and_goes_offline(cookies):
    customer, _ = await connect("/ws/chat/", cookies["customer"])
    assert (await receive_until(customer, "hello"))["agents_online"] is False

    agent, _ = await connect("/ws/chat/agent/", cookies["agent"])
    assert (await receive_until(customer, "agents_online"))["online"] is True
    await agent.disconnect()
    assert (await receive_until(customer, "agents_online"))["online"] is False
    await customer.disconnect()


async def test_the_badge_socket_is_not_presence(cookies):
    badge, _ = await connect("/ws/chat/agent/badge/", cookies["agent"])
    await receive_until(badge, "badge")
    customer, _ = await connect("/ws/chat/", cookies["customer"])
    assert (await receive_until(customer, "hello"))["agents_online"] is False
    await badge.disconnect()
    await customer.disconnect()


async def test_the_widget_learns_when_an_agent_whose_socket_died_unseen_expires(cookies, agent, settings):
    from datetime import timedelta

    from django.utils import timezone

    from livechat.models import AgentPresence

    settings.REALTIME_CHECK_SECONDS = 0.2
    presence = await sync_to_async(AgentPresence.objects.create)(
        channel_name="a-process-that-died", agent=agent, last_seen=timezone.now()
    )
    customer, _ = await connect("/ws/chat/", cookies["customer"])
    assert (await receive_until(customer, "hello"))["agents_online"] is True

    presence.last_seen = timezone.now() - timedelta(seconds=settings.CHAT_PRESENCE_TIMEOUT_SECONDS + 1)
    await sync_to_async(presence.save)()

    assert (await receive_until(customer, "agents_online"))["online"] is False
    await customer.disconnect()


async def test_after_an_announcement_the_widget_checks_presence_anew_not_a_shared_answer_from_before_it(
    cookies, agent, settings, monkeypatch
):
    from channels.layers import get_channel_layer
    from django.utils import timezone

    from livechat import consumers, services
    from livechat.models import AgentPresence

    settings.REALTIME_CHECK_SECONDS = 0.2
    monkeypatch.setattr(consumers.agents_online, "seconds", 3600)  # only forgetting it can refresh it
    customer, _ = await connect("/ws/chat/", cookies["customer"])
    assert (await receive_until(customer, "hello"))["agents_online"] is False  # now the shared answer
    # An agent online unannounced (their process's broadcast lost), then an announcement arrives.
    await sync_to_async(AgentPresence.objects.create)(channel_name="elsewhere", agent=agent, last_seen=timezone.now())
    await get_channel_layer().group_send(services.CUSTOMERS_GROUP, {"type": "chat.agents_online", "online": False})
    assert (await receive_until(customer, "agents_online"))["online"] is False

    assert (await receive_until(customer, "agents_online"))["online"] is True
    await customer.disconnect()


async def test_the_panel_asks_who_is_online_to_hand_over_to(cookies, second_agent):
    first, _ = await connect("/ws/chat/agent/", cookies["agent"])
    await first.send_json_to({"type": "agents"})
    assert (await receive_until(first, "agents"))["agents"] == [
        {"id": second_agent.pk, "name": "Bea Backup", "online": False}
    ]

    second, _ = await connect("/ws/chat/agent/", cookies["second"])
    await receive_until(second, "conversations")
    await first.send_json_to({"type": "agents"})
    assert (await receive_until(first, "agents"))["agents"][0]["online"] is True
    for socket in (first, second):
        await socket.disconnect()
