"""A websocket opens only from a page of this site, in production as in development."""

import pytest
from channels.testing import WebsocketCommunicator
from django.test import override_settings

from site_project.asgi import application
from site_project.origins import same_site_origin

pytestmark = pytest.mark.django_db(transaction=True)


def scope(origin, host):
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    return {"type": "websocket", "headers": headers}


@override_settings(ALLOWED_HOSTS=["shop.example.com"], CSRF_TRUSTED_ORIGINS=[])
@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("https://shop.example.com", "shop.example.com", True),
        ("http://localhost:9999", "shop.example.com", False),
        ("http://localhost:9999", "localhost:9999", False),  # not the real host
        ("https://evil.example", "shop.example.com", False),
        ("https://shop.example.com.evil.example", "shop.example.com", False),
        ("null", "shop.example.com", False),
        (None, "shop.example.com", False),
    ],
)
def test_only_the_real_site_may_open_a_socket(origin, host, allowed):
    assert same_site_origin(scope(origin, host)) is allowed


@override_settings(ALLOWED_HOSTS=["localhost"])
def test_another_port_on_an_allowed_host_is_another_site():
    assert same_site_origin(scope("http://localhost:8000", "localhost:8000"))
    assert not same_site_origin(scope("http://localhost:9999", "localhost:8000"))


@override_settings(ALLOWED_HOSTS=["shop.example.com"])
async def test_the_chat_socket_refuses_a_foreign_origin_in_production():
    communicator = WebsocketCommunicator(
        application, "/ws/chat/", headers=[(b"origin", b"http://localhost:9999"), (b"host", b"shop.example.com")]
    )
    connected, _ = await communicator.connect()
    assert not connected
