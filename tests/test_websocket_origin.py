"""Pages name the origin of their websockets when it is not their own (WEBSOCKET_ORIGIN), for
static/js/websocket-url.js: the storefront's and the admin's, whose agent sockets follow it too."""

import pytest

pytestmark = pytest.mark.django_db

META = '<meta name="websocket-origin" content="wss://ws.shop.example.com">'


def test_storefront_pages_name_the_websocket_origin(client, home_page, settings):
    settings.WEBSOCKET_ORIGIN = "wss://ws.shop.example.com"
    assert META in client.get("/").content.decode()


def test_admin_pages_name_the_websocket_origin(client, agent, settings):
    settings.WEBSOCKET_ORIGIN = "wss://ws.shop.example.com"
    client.force_login(agent)
    assert META in client.get("/admin/livechat/").content.decode()


def test_with_no_websocket_origin_pages_name_none(client, home_page, agent):
    assert "websocket-origin" not in client.get("/").content.decode()
    client.force_login(agent)
    assert "websocket-origin" not in client.get("/admin/livechat/").content.decode()
