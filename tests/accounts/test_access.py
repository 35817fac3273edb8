"""The one access layer: ownership and "is an agent" are decided in commerce.accounts.access only."""

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser, Permission
from django.urls import reverse

from commerce.accounts import access
from commerce.accounts.models import Address
from commerce.accounts.roles import CLIENT
from commerce.orders.models import Order
from livechat.models import Conversation
from site_project.asgi import application


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])


@pytest.fixture
def stranger(make_user):
    return make_user(CLIENT)


def _owner_only_urls(order, address):
    return [
        reverse("account_orders:detail", args=[order.reference]),
        reverse("payments:pay", args=[order.reference]),
        reverse("payments:return", args=[order.reference]),
        reverse("payments:cancel", args=[order.reference]),
        reverse("payments:status", args=[order.reference]),
        reverse("accounts:address_edit", args=[address.pk]),
    ]


@pytest.mark.django_db
def test_owned_by_gives_each_customer_only_their_own_rows(order, customer, stranger, make_address):
    own_address = Address.objects.get(user=customer)
    make_address(stranger)
    orders, addresses = Order.objects.all(), Address.objects.all()

    assert list(access.owned_by(orders, user=customer)) == [order]
    assert list(access.owned_by(addresses, user=customer)) == [own_address]
    assert not access.owned_by(orders, user=stranger).exists()
    assert not access.owned_by(orders, user=AnonymousUser()).exists()
    customer.is_active = False
    assert not access.owned_by(orders, user=customer).exists()


@pytest.mark.django_db
def test_a_guest_owns_a_conversation_only_through_their_token(customer):
    guests = Conversation.objects.create(guest_token="guest-a")
    Conversation.objects.create(customer=customer, guest_token="guest-a")
    conversations = Conversation.objects.all()

    assert list(access.owned_by(conversations, user=AnonymousUser(), guest_token="guest-a")) == [guests]
    assert not access.owned_by(conversations, user=AnonymousUser(), guest_token="guest-b").exists()
    assert not access.owned_by(conversations, user=AnonymousUser()).exists()


@pytest.mark.django_db
def test_every_owner_only_page_is_a_404_for_another_customer(client, order, customer, stranger):
    client.force_login(stranger)
    for url in _owner_only_urls(order, Address.objects.get(user=customer)):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_owner_only_pages_ask_the_access_layer(client, order, customer, monkeypatch):
    """With the access layer saying "nothing is yours", even the owner is refused everywhere:
    no page decides ownership by itself."""
    address = Address.objects.get(user=customer)
    client.force_login(customer)
    assert client.get(reverse("payments:status", args=[order.reference])).status_code == 200

    monkeypatch.setattr(access, "owned_by", lambda queryset, **kwargs: queryset.none())
    for url in _owner_only_urls(order, address):
        assert client.get(url).status_code == 404, url


def _order_socket(reference, cookie):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]
    return WebsocketCommunicator(application, f"/ws/orders/{reference}/", headers=headers)


@pytest.mark.django_db(transaction=True)
async def test_the_order_socket_refuses_another_customer_and_asks_the_access_layer(
    order, customer, stranger, session_cookie, monkeypatch
):
    owner_cookie = await sync_to_async(session_cookie)(customer)
    stranger_cookie = await sync_to_async(session_cookie)(stranger)

    refused, _ = await _order_socket(order.reference, stranger_cookie).connect()
    assert not refused

    owner_socket = _order_socket(order.reference, owner_cookie)
    connected, _ = await owner_socket.connect()
    assert connected
    await owner_socket.disconnect()

    monkeypatch.setattr(access, "owned_by", lambda queryset, **kwargs: queryset.none())
    connected, _ = await _order_socket(order.reference, owner_cookie).connect()
    assert not connected


@pytest.mark.django_db
def test_is_agent_is_the_agents_permission_on_an_active_account(agent, manager, customer, make_user):
    helper = make_user(CLIENT)
    helper.user_permissions.add(Permission.objects.get(codename="change_conversation"))

    assert access.is_agent(agent)
    assert access.is_agent(manager)
    assert access.is_agent(type(helper).objects.get(pk=helper.pk))
    assert not access.is_agent(customer)
    assert not access.is_agent(AnonymousUser())
    agent.is_active = False
    assert not access.is_agent(agent)


async def _agent_socket_connects(cookie) -> bool:
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost"), (b"cookie", cookie.encode())]
    socket = WebsocketCommunicator(application, "/ws/chat/agent/", headers=headers)
    connected, _ = await socket.connect()
    if connected:
        await socket.disconnect()
    return connected


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["agent", "customer"])
def test_the_agent_panel_and_the_agent_socket_agree(role, request, client, session_cookie, chat_site):
    """One rule, `is_agent`, for both: an agent gets both, a customer neither."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    panel_opens = client.get(reverse("livechat_panel")).status_code == 200
    socket_opens = async_to_sync(_agent_socket_connects)(session_cookie(user))

    assert panel_opens is socket_opens is (role == "agent")


@pytest.fixture
def chat_site(home_page):
    return home_page


def test_verified_email_required_sends_visitors_to_sign_in_and_unverified_users_to_resend(rf, make_user):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    @access.verified_email_required
    def checkout(request):
        return HttpResponse("ok")

    def request_as(user):
        request = rf.get("/gated/")
        request.user = user
        request.session = {}
        request._messages = FallbackStorage(request)
        return request

    assert checkout(request_as(AnonymousUser()))["Location"] == "/accounts/login/?next=/gated/"
    assert checkout(request_as(make_user(verified=False)))["Location"] == reverse("accounts:verify_resend")
    assert checkout(request_as(make_user(verified=True))).status_code == 200
