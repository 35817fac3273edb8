"""Chat as an attacker would use it: many sockets, many guest sessions, malformed frames, and a
socket kept open after its person lost the right to chat."""

import pytest
from asgiref.sync import sync_to_async

from commerce.accounts.services import set_account_active
from core.selectors import store_settings
from livechat.consumers import GUEST_TOKEN_KEY, REVOKED_CLOSE_CODE
from livechat.models import Conversation, Message
from tests.livechat.test_consumers import connect, receive_until

pytestmark = pytest.mark.django_db(transaction=True)

LIMITS = {"message": (5, 100, 60), "conversation": (3, 4, 3600), "sync": (4, 100, 60), "typing": (1, 100, 60)}


@pytest.fixture
def chat_limits(settings):
    settings.CHAT_RATE_LIMITS = LIMITS


@pytest.fixture
def customer_cookie(customer, session_cookie):
    return session_cookie(customer)


async def opened(path, cookie):
    socket, connected = await connect(path, cookie)
    assert connected
    return socket


async def test_message_limits_hold_across_ten_sockets(home_page, customer_cookie, chat_limits):
    sockets = [await opened("/ws/chat/", customer_cookie) for _ in range(10)]
    for socket in sockets:
        await receive_until(socket, "hello")
    await sockets[0].send_json_to({"type": "message", "body": "first"})
    await receive_until(sockets[0], "message")
    for n in range(3):
        for socket in sockets:
            await socket.send_json_to({"type": "message", "body": f"flood {n}"})
    refusals = 0
    for socket in sockets:  # every socket answers each of its frames: stored (broadcast) or refused
        while not await socket.receive_nothing(timeout=1):
            refusals += (await socket.receive_json_from())["type"] == "error"
    assert refusals == 10 * 3 + 1 - LIMITS["message"][0]
    assert await sync_to_async(Message.objects.count)() == LIMITS["message"][0]
    for socket in sockets:
        await socket.disconnect()


async def test_new_conversations_are_limited_per_address_across_guest_sessions(home_page, session_cookie, chat_limits):
    for n in range(8):
        cookie = await sync_to_async(session_cookie)(None, **{GUEST_TOKEN_KEY: f"guest-token-{n}"})
        socket = await opened("/ws/chat/", cookie)
        await receive_until(socket, "hello")
        await socket.send_json_to({"type": "message", "body": "hello?"})
        await receive_until(socket, "message" if n < LIMITS["conversation"][1] else "error")
        await socket.disconnect()
    assert await sync_to_async(Conversation.objects.count)() == LIMITS["conversation"][1]


async def test_typing_and_sync_are_throttled(home_page, customer_cookie, agent, session_cookie, chat_limits):
    customer_socket = await opened("/ws/chat/", customer_cookie)
    await receive_until(customer_socket, "hello")
    await customer_socket.send_json_to({"type": "message", "body": "hi"})
    conversation_id = (await receive_until(customer_socket, "message"))["message"]["conversation"]
    agent_socket = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent))
    await agent_socket.send_json_to({"type": "open", "conversation": conversation_id})
    await receive_until(agent_socket, "customer")

    for _ in range(50):
        await customer_socket.send_json_to({"type": "typing"})
    typing_seen = 0
    while not await agent_socket.receive_nothing(timeout=0.5):
        typing_seen += (await agent_socket.receive_json_from())["type"] == "typing"
    assert typing_seen == LIMITS["typing"][0]

    answers = []
    for _ in range(10):
        await customer_socket.send_json_to({"type": "sync", "after": 0})
        answer = await customer_socket.receive_json_from(timeout=5)
        while answer["type"] == "agents_online":  # the agent's socket coming online, not an answer
            answer = await customer_socket.receive_json_from(timeout=5)
        answers.append(answer["type"])
    assert answers.count("history") == LIMITS["sync"][0]
    assert answers.count("error") == 10 - LIMITS["sync"][0]
    await customer_socket.disconnect()
    await agent_socket.disconnect()


MALFORMED = [
    {"text_data": "not json"},
    {"bytes_data": b"\x00\x01binary"},
    {"text_data": '{"type": "message", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"},
    {"text_data": '{"type": "message", "body": ' + "[" * 50 + "]" * 50 + "}"},
    {"text_data": '{"type": "message", "body": "a\\u0000b"}'},
    {"text_data": '{"type": "read", "up_to": ' + str(2**70) + "}"},
    {"text_data": '{"type": "read", "up_to": -1}'},
    {"text_data": '{"type": "read", "up_to": true}'},
    {"text_data": '{"type": "read", "up_to": "12"}'},
    {"text_data": '{"type": "sync", "after": "x"}'},
    {"text_data": '{"type": "message", "body": 42}'},
    {"text_data": '{"type": 5}'},
    {"text_data": "[]"},
    {"text_data": '"message"'},
    {"text_data": "null"},
    {"text_data": '{"type": "message", "body": "' + "x" * 20_000 + '"}'},
]


async def test_each_malformed_frame_gets_an_error_and_the_socket_stays_open(home_page, customer_cookie):
    socket = await opened("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    await socket.send_json_to({"type": "message", "body": "a real question"})
    await receive_until(socket, "message")
    for frame in MALFORMED:
        await socket.send_to(**frame)
        answer = await socket.receive_json_from(timeout=5)
        assert answer["type"] == "error", frame
    await socket.send_json_to({"type": "message", "body": "still here"})
    assert (await receive_until(socket, "message"))["message"]["body"] == "still here"
    bodies = await sync_to_async(lambda: list(Message.objects.values_list("body", "read_at")))()
    assert bodies == [("a real question", None), ("still here", None)]
    await socket.disconnect()


async def test_malformed_frames_to_the_agent_socket_get_an_error(home_page, agent, session_cookie):
    socket = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent))
    await receive_until(socket, "conversations")
    for frame in [*MALFORMED, {"text_data": '{"type": "open", "conversation": ' + str(2**70) + "}"}]:
        await socket.send_to(**frame)
        assert (await receive_until(socket, "error"))["type"] == "error", frame
    await socket.send_json_to({"type": "list"})
    await receive_until(socket, "conversations")
    await socket.disconnect()


async def test_a_deactivated_customers_socket_is_closed_on_their_next_frame(home_page, customer, customer_cookie):
    socket = await opened("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    await sync_to_async(set_account_active)(user=customer, active=False)
    await socket.send_json_to({"type": "message", "body": "still me?"})
    assert (await socket.receive_output(timeout=5)) == {"type": "websocket.close", "code": REVOKED_CLOSE_CODE}
    assert await sync_to_async(Message.objects.count)() == 0


async def test_a_deactivated_customers_idle_socket_is_closed_within_seconds(
    home_page, customer, customer_cookie, settings
):
    settings.REALTIME_CHECK_SECONDS = 0.2
    socket = await opened("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")
    await sync_to_async(set_account_active)(user=customer, active=False)
    assert (await socket.receive_output(timeout=5)) == {"type": "websocket.close", "code": REVOKED_CLOSE_CODE}


async def test_switching_chat_off_closes_open_customer_sockets(home_page, customer_cookie, settings):
    settings.REALTIME_CHECK_SECONDS = 0.2
    socket = await opened("/ws/chat/", customer_cookie)
    await receive_until(socket, "hello")

    def switch_off():
        store = store_settings()
        store.chat_enabled = False
        store.save()

    await sync_to_async(switch_off)()
    assert (await socket.receive_output(timeout=5)) == {"type": "websocket.close", "code": REVOKED_CLOSE_CODE}


async def test_an_agent_who_loses_the_role_is_disconnected(home_page, agent, session_cookie):
    socket = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent))
    await receive_until(socket, "conversations")
    await sync_to_async(set_account_active)(user=agent, active=False)
    await socket.send_json_to({"type": "list"})
    assert (await socket.receive_output(timeout=5)) == {"type": "websocket.close", "code": REVOKED_CLOSE_CODE}
