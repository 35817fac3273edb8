"""Chat over real websockets through the project's ASGI stack (origin check, sessions, auth).

The channel layer is whatever settings give: in-memory by default, Redis when REDIS_URL is set."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from core.selectors import store_settings
from livechat.models import Conversation, Message
from livechat.services import ChatRefused, close_conversation, post_message
from site_project.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


async def connect(path, cookie=None):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected


async def receive_until(communicator, kind, timeout=5):
    while True:
        event = await communicator.receive_json_from(timeout=timeout)
        if event["type"] == kind:
            return event


@pytest.fixture
def chat_site(home_page):
    return home_page


@pytest.fixture
def customer_cookie(customer, session_cookie):
    return session_cookie(customer)


@pytest.fixture
def agent_cookie(agent, session_cookie):
    return session_cookie(agent)


async def test_a_customer_message_reaches_the_agent_and_the_reply_comes_back(chat_site, customer_cookie, agent_cookie):
    agent_socket, ok = await connect("/ws/chat/agent/", agent_cookie)
    assert ok
    assert (await receive_until(agent_socket, "conversations"))["conversations"] == []
    customer_socket, ok = await connect("/ws/chat/", customer_cookie)
    assert ok
    hello = await receive_until(customer_socket, "hello")
    assert hello["agents_online"] is True

    await customer_socket.send_json_to({"type": "message", "body": "Where is my parcel?"})
    listing = await receive_until(agent_socket, "conversations")
    conversation_id = listing["conversations"][0]["id"]
    assert listing["conversations"][0]["unread"] == 1
    await agent_socket.send_json_to({"type": "open", "conversation": conversation_id})
    history = await receive_until(agent_socket, "history")
    assert [m["body"] for m in history["messages"]] == ["Where is my parcel?"]
    customer_info = await receive_until(agent_socket, "customer")
    assert customer_info["email"].endswith("@example.com")

    await agent_socket.send_json_to({"type": "message", "conversation": conversation_id, "body": "It ships today."})
    reply = await receive_until(customer_socket, "message")
    while reply["message"]["role"] == "customer":  # the customer's own message comes back first
        reply = await receive_until(customer_socket, "message")
    assert reply["message"]["body"] == "It ships today."
    assert reply["message"]["role"] == "agent"
    await customer_socket.disconnect()
    await agent_socket.disconnect()


async def test_history_is_resent_after_a_reconnect(chat_site, customer_cookie, agent_cookie):
    customer_socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(customer_socket, "hello")
    await customer_socket.send_json_to({"type": "message", "body": "First"})
    first = await receive_until(customer_socket, "message")
    await customer_socket.disconnect()

    conversation = await sync_to_async(Conversation.objects.get)()
    agent = await sync_to_async(lambda: conversation.customer.__class__.objects.get(email__startswith="agent"))()
    await sync_to_async(Message.objects.create)(
        conversation=conversation, sender=agent, sender_role="agent", body="Answered while you were away"
    )

    again, _ = await connect("/ws/chat/", customer_cookie)
    hello = await receive_until(again, "hello")
    assert hello["conversation"] == conversation.pk
    await again.send_json_to({"type": "sync", "after": first["message"]["id"]})
    history = await receive_until(again, "history")
    assert [m["body"] for m in history["messages"]] == ["Answered while you were away"]
    await again.disconnect()


async def test_a_customer_never_sees_another_customers_conversation(
    chat_site, customer_cookie, make_user, session_cookie
):
    other = await sync_to_async(make_user)()
    other_cookie = await sync_to_async(session_cookie)(other)
    mine, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(mine, "hello")
    await mine.send_json_to({"type": "message", "body": "Private question"})
    await receive_until(mine, "message")

    theirs, _ = await connect("/ws/chat/", other_cookie)
    hello = await receive_until(theirs, "hello")
    assert hello["conversation"] is None
    await theirs.send_json_to({"type": "sync", "after": 0})
    await theirs.send_json_to({"type": "message", "body": "Hello?"})
    own = await receive_until(theirs, "message")
    assert own["message"]["body"] == "Hello?"
    assert await theirs.receive_nothing(timeout=0.3)
    assert await sync_to_async(Conversation.objects.count)() == 2
    await mine.disconnect()
    await theirs.disconnect()


async def test_guests_chat_through_a_token_in_their_session(chat_site, session_cookie):
    assert not (await connect("/ws/chat/", await sync_to_async(session_cookie)(None)))[1]
    guest_socket, ok = await connect("/ws/chat/", await sync_to_async(session_cookie)(None, chat_guest_token="g-1"))
    assert ok
    await receive_until(guest_socket, "hello")
    await guest_socket.send_json_to({"type": "message", "body": "Do you ship to Oslo?"})
    await receive_until(guest_socket, "message")
    conversation = await sync_to_async(Conversation.objects.get)()
    assert conversation.guest_token == "g-1"
    assert conversation.customer_id is None
    await guest_socket.disconnect()


@pytest.mark.parametrize("who", ["customer", "anonymous"])
async def test_only_agents_and_managers_join_the_agent_channel(chat_site, who, customer_cookie):
    cookie = customer_cookie if who == "customer" else None
    _, connected = await connect("/ws/chat/agent/", cookie)
    assert not connected


async def test_a_manager_joins_the_agent_channel(chat_site, manager, session_cookie):
    socket, connected = await connect("/ws/chat/agent/", await sync_to_async(session_cookie)(manager))
    assert connected
    await socket.disconnect()


async def test_chat_switched_off_refuses_customer_connections(chat_site, customer_cookie):
    def switch_off():
        store = store_settings()
        store.chat_enabled = False
        store.save()

    await sync_to_async(switch_off)()
    _, connected = await connect("/ws/chat/", customer_cookie)
    assert not connected


async def test_oversized_and_empty_messages_are_refused_and_not_stored(chat_site, customer_cookie):
    socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    await socket.send_json_to({"type": "message", "body": "x" * 2001})
    assert "at most 2000 characters" in (await receive_until(socket, "error"))["message"]
    await socket.send_json_to({"type": "message", "body": "   "})
    assert "empty" in (await receive_until(socket, "error"))["message"]
    await socket.send_json_to({"type": "message", "body": ["not", "text"]})
    assert "text" in (await receive_until(socket, "error"))["message"]
    assert await sync_to_async(Message.objects.count)() == 0
    await socket.send_json_to({"type": "message", "body": "x" * 2000})
    await receive_until(socket, "message")
    assert await sync_to_async(Message.objects.count)() == 1
    await socket.disconnect()


async def test_typing_the_first_message_is_no_error(chat_site, customer_cookie):
    """The widget says it is typing before the first message opens a conversation."""
    socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    await socket.send_json_to({"type": "typing"})
    await socket.send_json_to({"type": "message", "body": "Hello?"})
    first = await socket.receive_json_from(timeout=5)
    assert first["type"] == "message", first
    await socket.send_json_to({"type": "sing"})
    assert (await receive_until(socket, "error"))["message"] == "Unknown request."
    await socket.disconnect()


async def test_a_flood_is_refused_with_a_message(chat_site, customer_cookie):
    socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    for number in range(8):
        await socket.send_json_to({"type": "message", "body": f"spam {number}"})
    error = await receive_until(socket, "error")
    assert "too quickly" in error["message"]
    stored = await sync_to_async(Message.objects.count)()
    assert 5 <= stored < 8
    await socket.disconnect()


async def test_a_message_is_stored_before_anyone_receives_it(chat_site, customer_cookie, agent_cookie):
    customer_socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(customer_socket, "hello")
    await customer_socket.send_json_to({"type": "message", "body": "Saved first?"})
    received = await receive_until(customer_socket, "message")
    stored = await sync_to_async(
        Message.objects.filter(pk=received["message"]["id"]).values_list("body", flat=True).first
    )()
    assert stored == "Saved first?"

    conversation = await sync_to_async(Conversation.objects.get)()
    await sync_to_async(close_conversation)(conversation=conversation)
    await receive_until(customer_socket, "status")
    with pytest.raises(ChatRefused, match="closed"):
        await sync_to_async(post_message)(conversation=conversation, sender=None, role="customer", body="Too late")
    assert await sync_to_async(Message.objects.filter(body="Too late").exists)() is False
    # From the widget, the next message starts a new conversation instead (the closing notice says so).
    await customer_socket.send_json_to({"type": "message", "body": "One more thing"})
    again = await receive_until(customer_socket, "message")
    assert again["message"]["body"] == "One more thing"
    assert again["message"]["conversation"] != conversation.pk
    await customer_socket.disconnect()


async def test_read_state_reaches_the_customer(chat_site, customer_cookie, agent_cookie):
    customer_socket, _ = await connect("/ws/chat/", customer_cookie)
    await receive_until(customer_socket, "hello")
    await customer_socket.send_json_to({"type": "message", "body": "Anyone there?"})
    message = (await receive_until(customer_socket, "message"))["message"]
    agent_socket, _ = await connect("/ws/chat/agent/", agent_cookie)
    await agent_socket.send_json_to({"type": "open", "conversation": message["conversation"]})
    await receive_until(agent_socket, "history")
    await agent_socket.send_json_to({"type": "typing", "conversation": message["conversation"]})
    assert (await receive_until(customer_socket, "typing"))["role"] == "agent"
    await agent_socket.send_json_to({"type": "read", "conversation": message["conversation"], "up_to": message["id"]})
    read = await receive_until(customer_socket, "read")
    assert read["up_to"] == message["id"]
    assert await sync_to_async(lambda: Message.objects.get(pk=message["id"]).read_at is not None)()
    await customer_socket.disconnect()
    await agent_socket.disconnect()
