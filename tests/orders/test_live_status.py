import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings as django_settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from commerce.orders.services import ship_order
from commerce.orders.settlement import mark_order_paid
from site_project.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


def session_cookie_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = django_settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{django_settings.SESSION_COOKIE_NAME}={session.session_key}"


def socket(reference, cookie=None):
    headers = [(b"origin", b"http://localhost"), (b"host", b"localhost")]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    return WebsocketCommunicator(application, f"/ws/orders/{reference}/", headers=headers)


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])


async def test_the_owner_sees_the_current_status_then_each_change(order, customer, manager):
    cookie = await sync_to_async(session_cookie_for)(customer)
    communicator = socket(order.reference, cookie)
    connected, _ = await communicator.connect()
    assert connected
    assert await communicator.receive_json_from() == {
        "status": "pending_payment",
        "status_label": "Awaiting payment",
        "carrier": "",
        "tracking_number": "",
    }

    await sync_to_async(mark_order_paid)(order=order)
    assert (await communicator.receive_json_from(timeout=5))["status"] == "paid"
    await sync_to_async(ship_order)(order=order, carrier="DHL", tracking_number="JD01", actor=manager)
    assert await communicator.receive_json_from(timeout=5) == {
        "status": "shipped",
        "status_label": "Shipped",
        "carrier": "DHL",
        "tracking_number": "JD01",
    }
    await communicator.disconnect()


async def test_another_customer_is_refused(order, make_user):
    stranger = await sync_to_async(make_user)()
    cookie = await sync_to_async(session_cookie_for)(stranger)
    connected, _ = await socket(order.reference, cookie).connect()
    assert not connected


async def test_an_anonymous_visitor_is_refused(order):
    connected, _ = await socket(order.reference).connect()
    assert not connected


async def test_a_foreign_origin_is_refused(order, customer):
    cookie = await sync_to_async(session_cookie_for)(customer)
    communicator = WebsocketCommunicator(
        application,
        f"/ws/orders/{order.reference}/",
        headers=[(b"origin", b"http://evil.example"), (b"cookie", cookie.encode())],
    )
    connected, _ = await communicator.connect()
    assert not connected
