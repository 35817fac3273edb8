"""Two server processes on one Redis: a message sent through one reaches a socket on the other."""

import json

import pytest
from websockets.sync.client import connect

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


def open_socket(server, path, cookie):
    return connect(
        f"{server.ws_url}{path}",
        additional_headers={"Cookie": cookie, "Origin": server.url},
        open_timeout=10,
    )


def receive_until(socket, kind):
    while True:
        event = json.loads(socket.recv(timeout=10))
        if event["type"] == kind:
            return event


def test_a_message_crosses_from_one_server_process_to_another(
    home_page, customer, agent, session_cookie, asgi_live_server, second_asgi_live_server
):
    assert asgi_live_server.port != second_asgi_live_server.port
    with open_socket(second_asgi_live_server, "/ws/chat/agent/", session_cookie(agent)) as agent_socket:
        receive_until(agent_socket, "conversations")
        # The customer connects only once an agent is online, on the other process.
        with open_socket(asgi_live_server, "/ws/chat/", session_cookie(customer)) as customer_socket:
            assert receive_until(customer_socket, "hello")["agents_online"] is True
            talk(customer_socket, agent_socket)


def talk(customer_socket, agent_socket):
    customer_socket.send(json.dumps({"type": "message", "body": "Hello from process one"}))
    conversation_id = receive_until(agent_socket, "conversations")["conversations"][0]["id"]
    agent_socket.send(json.dumps({"type": "open", "conversation": conversation_id}))
    assert [m["body"] for m in receive_until(agent_socket, "history")["messages"]] == ["Hello from process one"]

    agent_socket.send(json.dumps({"type": "message", "conversation": conversation_id, "body": "Hi from process two"}))
    reply = receive_until(customer_socket, "message")
    while reply["message"]["role"] != "agent":
        reply = receive_until(customer_socket, "message")
    assert reply["message"]["body"] == "Hi from process two"
