"""Property tests over chat frames sent through the real sockets (the project's ASGI stack): whatever
arrives, the socket stays open and still answers; only clean message bodies are stored."""

import json

import pytest
from asgiref.sync import async_to_sync
from django.core.cache import cache
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from livechat.models import Message
from tests.livechat.test_consumers import connect, receive_until
from tests.properties.test_hostile_forms import hostile
from tests.properties.test_hostile_input import json_values

pytestmark = pytest.mark.django_db(transaction=True)

KINDS = ["message", "sync", "typing", "read", "open", "claim", "close", "list", "heartbeat", "hello"]
ids = st.one_of(json_values, st.integers(min_value=-(2**70), max_value=2**70), st.integers(min_value=0, max_value=5))
shaped = st.fixed_dictionaries(
    {"type": st.one_of(st.sampled_from(KINDS), st.text(max_size=10))},
    optional={"body": st.one_of(hostile, json_values), "after": ids, "up_to": ids, "conversation": ids},
).map(json.dumps)
messages = st.one_of(hostile, st.text(min_size=1, max_size=60)).map(
    lambda body: json.dumps({"type": "message", "body": body, "conversation": 1})
)
frames = st.lists(
    st.one_of(
        messages.map(lambda text: {"text_data": text}),
        shaped.map(lambda text: {"text_data": text}),
        st.one_of(st.text(max_size=100), json_values.map(json.dumps)).map(lambda text: {"text_data": text}),
        st.binary(max_size=64).map(lambda data: {"bytes_data": data}),
    ),
    min_size=1,
    max_size=6,
)
SOCKETS = {
    "customer": ("/ws/chat/", "hello", {"type": "no such request"}, "error"),
    "agent": ("/ws/chat/agent/", "conversations", {"type": "list"}, "conversations"),
}


async def exchange(cookie, who, sent):
    path, greeting, probe, answer = SOCKETS[who]
    socket, connected = await connect(path, cookie)
    assert connected
    await receive_until(socket, greeting)
    for frame in sent:  # as the server hands them over, empty frames included
        if "text_data" in frame:
            await socket.send_input({"type": "websocket.receive", "text": frame["text_data"]})
        else:
            await socket.send_input({"type": "websocket.receive", "bytes": frame["bytes_data"]})
    await socket.send_json_to(probe)
    # Every frame before the probe is answered or dropped; the probe's answer proves the socket
    # is still open (a close would end receive_until with an error).
    await receive_until(socket, answer)
    await socket.disconnect()


@pytest.mark.parametrize("who", ["customer", "agent"])
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sent=frames)
def test_any_frames_leave_the_chat_socket_open_and_store_only_clean_messages(
    home_page, customer, agent, session_cookie, who, sent
):
    cache.clear()  # the per-person limits would otherwise refuse everything after a few examples
    before = set(Message.objects.values_list("pk", flat=True))

    async_to_sync(exchange)(session_cookie(customer if who == "customer" else agent), who, sent)

    stored = Message.objects.exclude(pk__in=before)
    event(f"stored {stored.count()}")
    sent_bodies = {body.strip() for body in map(body_of, sent) if isinstance(body, str)}
    for body in stored.values_list("body", flat=True):
        assert body in sent_bodies
        assert "\x00" not in body
        assert 0 < len(body) <= 2000


def body_of(frame):
    try:
        content = json.loads(frame.get("text_data") or "")
    except ValueError:
        return None
    return content.get("body") if isinstance(content, dict) else None
