"""Rights taken away close open sockets at once, pushed through the channel layer (core/realtime.py).

The periodic check is set to an hour, so only the revoke broadcast can close a socket within the
bounded receive timeouts below; each test runs on the in-memory layer and on Redis."""

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.test import Client

from commerce.accounts.roles import CLIENT
from commerce.accounts.services import assign_role, delete_account, set_account_active
from core.realtime import REVOKED_CLOSE_CODE
from core.selectors import store_settings
from livechat import consumers
from livechat.consumers import GUEST_TOKEN_KEY
from site_project.asgi import application
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def set_chat_enabled(*, enabled: bool):
    store = store_settings()
    store.chat_enabled = enabled
    store.save()


CLOSED = {"type": "websocket.close", "code": REVOKED_CLOSE_CODE}
BOUND = 3  # seconds a revoked socket may take to close
UNKNOWN = {"type": "anything else"}  # a customer chat socket answers it with an error


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.redis)])
def layer(request, settings):
    if request.param == "memory":
        settings.CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    else:
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
                "CONFIG": {"hosts": [{"address": settings.REDIS_URL}], "prefix": "revocation-test"},
            }
        }
    settings.REALTIME_CHECK_SECONDS = 3600
    return request.param


def communicator(path, cookie):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]
    return WebsocketCommunicator(application, path, headers=headers)


async def opened(path, cookie, first=None):
    """A connected socket, past its greeting (the first frame, or the first of type `first`)."""
    socket = communicator(path, cookie)
    connected, _ = await socket.connect(timeout=BOUND)
    assert connected, path
    while (await socket.receive_json_from(timeout=BOUND)).get("type") != first and first is not None:
        pass
    return socket


async def still_open(socket, frame, answer):
    """The socket answers a frame: it was not closed."""
    await socket.send_json_to(frame)
    while (event := await socket.receive_json_from(timeout=BOUND))["type"] != answer:
        assert event["type"] != "websocket.close", event
    await socket.disconnect()


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])


async def test_deactivating_an_account_closes_its_chat_and_order_status_sockets_at_once(
    layer, home_page, customer, order, make_user, session_cookie
):
    cookie = await sync_to_async(session_cookie)(customer)
    chat = await opened("/ws/chat/", cookie, "hello")
    status = await opened(f"/ws/orders/{order.reference}/", cookie)
    stranger = await sync_to_async(make_user)()
    bystander = await opened("/ws/chat/", await sync_to_async(session_cookie)(stranger), "hello")

    await sync_to_async(set_account_active)(user=customer, active=False)

    assert await chat.receive_output(timeout=BOUND) == CLOSED
    assert await status.receive_output(timeout=BOUND) == CLOSED
    await still_open(bystander, UNKNOWN, "error")


async def test_switching_customer_chat_off_closes_customer_and_guest_sockets_but_not_the_agents(
    layer, home_page, customer, agent, session_cookie
):
    # The agent first: customers' widgets are told live when an agent comes online.
    agent_chat = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent), "conversations")
    customer_chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")
    guest_cookie = await sync_to_async(session_cookie)(None, **{GUEST_TOKEN_KEY: "guest-token"})
    guest_chat = await opened("/ws/chat/", guest_cookie, "hello")

    await sync_to_async(lambda: set_chat_enabled(enabled=False))()

    assert await customer_chat.receive_output(timeout=BOUND) == CLOSED
    assert await guest_chat.receive_output(timeout=BOUND) == CLOSED
    await still_open(agent_chat, {"type": "list"}, "conversations")


async def test_switching_chat_off_closes_customer_sockets_although_their_process_shares_an_answer_that_it_is_on(
    layer, home_page, customer, session_cookie, monkeypatch
):
    # Frames and checks ask a per-process answer (livechat/consumers.py); kept an hour here, only
    # the revoke's fresh read can see the switch.
    monkeypatch.setattr(consumers.chat_enabled, "seconds", 3600)
    customer_chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")
    await customer_chat.send_json_to(UNKNOWN)
    assert (await customer_chat.receive_json_from(timeout=BOUND))["type"] == "error"  # asked: chat is on

    await sync_to_async(lambda: set_chat_enabled(enabled=False))()

    assert await customer_chat.receive_output(timeout=BOUND) == CLOSED


async def test_saving_store_settings_with_chat_off_in_the_admin_closes_customer_sockets(
    layer, home_page, customer, make_user, session_cookie
):
    customer_chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")

    def save_in_admin():
        admin = make_user(CLIENT, is_superuser=True, is_staff=True)
        client = Client()
        client.force_login(admin)
        store = store_settings()
        url = f"/admin/settings/core/storesettings/{home_page.get_site().pk}/"
        data = {"store_name": "Shop", "contact_email": "shop@example.com", "address": "", "phone": ""}
        response = client.post(url, data)  # chat_enabled unticked
        assert response.status_code == 302, response.content[:500]
        store.refresh_from_db()
        assert store.chat_enabled is False

    await sync_to_async(save_in_admin)()
    assert await customer_chat.receive_output(timeout=BOUND) == CLOSED


async def test_an_agent_whose_role_is_taken_away_loses_the_agent_socket_at_once(
    layer, home_page, agent, session_cookie
):
    agent_chat = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent), "conversations")
    await sync_to_async(assign_role)(user=agent, role=CLIENT)
    assert await agent_chat.receive_output(timeout=BOUND) == CLOSED


async def test_a_deleted_accounts_sockets_close_at_once(layer, home_page, customer, session_cookie):
    chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")
    await sync_to_async(delete_account)(user=customer)
    assert await chat.receive_output(timeout=BOUND) == CLOSED


async def test_a_revoke_that_changes_nothing_leaves_the_socket_open(layer, home_page, customer, session_cookie):
    chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")
    await sync_to_async(lambda: set_chat_enabled(enabled=True))()
    await sync_to_async(set_account_active)(user=customer, active=True)
    await sync_to_async(assign_role)(user=customer, role=CLIENT)  # revokes: the socket checks again
    await still_open(chat, UNKNOWN, "error")


async def test_an_agent_deactivated_in_wagtails_users_screen_loses_the_socket_at_once(
    layer, home_page, agent, make_user, session_cookie
):
    agent_chat = await opened("/ws/chat/agent/", await sync_to_async(session_cookie)(agent), "conversations")

    def deactivate_in_admin():
        admin = make_user(CLIENT, is_superuser=True, is_staff=True)
        client = Client()
        client.force_login(admin)
        form = client.get(f"/admin/users/edit/{agent.pk}/").context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None and name != "is_active"}
        data["groups"] = [group.pk for group in agent.groups.all()]
        data.pop("password1", None), data.pop("password2", None)
        response = client.post(f"/admin/users/edit/{agent.pk}/", data)
        assert response.status_code == 302, response.context["form"].errors if response.context else response
        agent.refresh_from_db()
        assert agent.is_active is False

    await sync_to_async(deactivate_in_admin)()
    assert await agent_chat.receive_output(timeout=BOUND) == CLOSED


async def test_a_new_password_closes_the_accounts_sockets_and_only_the_changing_session_gets_back_in(
    layer, home_page, customer, session_cookie
):
    here = Client()
    await sync_to_async(here.force_login)(customer)
    this_tab = await opened("/ws/chat/", f"sessionid={here.cookies['sessionid'].value}", "hello")
    other_device_cookie = await sync_to_async(session_cookie)(customer)
    other_device = await opened("/ws/chat/", other_device_cookie, "hello")

    new_password = {"old_password": PASSWORD, "new_password1": "a-new-pass-9931", "new_password2": "a-new-pass-9931"}
    response = await sync_to_async(here.post)("/accounts/password/", new_password)
    assert response.status_code == 302

    # Both close: this tab's session key was cycled (the page reconnects under the new one) and the
    # other device's session no longer matches the password.
    assert await other_device.receive_output(timeout=BOUND) == CLOSED
    assert await this_tab.receive_output(timeout=BOUND) == CLOSED
    await still_open(
        await opened("/ws/chat/", f"sessionid={here.cookies['sessionid'].value}", "hello"), UNKNOWN, "error"
    )
    refused = communicator("/ws/chat/", other_device_cookie)
    connected, _ = await refused.connect(timeout=BOUND)
    assert not connected


async def test_a_password_reset_closes_every_open_socket_of_the_account(layer, home_page, customer, session_cookie):
    chat = await opened("/ws/chat/", await sync_to_async(session_cookie)(customer), "hello")

    def reset():
        customer.set_password("reset-by-link-7731")  # what the reset link's form does
        customer.save()

    await sync_to_async(reset)()
    assert await chat.receive_output(timeout=BOUND) == CLOSED
