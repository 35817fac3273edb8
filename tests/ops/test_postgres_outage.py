"""PostgreSQL going away in the middle of a checkout, as deployed: the Procfile's web process reaches
the database through a TCP proxy the test controls, which cuts every connection at the moment the
order row is being written (stock already taken inside the transaction)."""

import contextlib
import re
import socket
import threading

import pytest
import requests
from django.conf import settings

from catalogue.models import StockRecord
from commerce.orders.models import Order
from tests.ops.procfile import SECRET_KEY, Deployment, free_port

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ORDER_INSERT = b'INSERT INTO "orders_order"'


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL. Armed, it kills every connection (and refuses new
    ones) as soon as a client sends `trigger`, until `restore()`."""

    def __init__(self, target: tuple[str, int], trigger: bytes):
        self.target, self.trigger = target, trigger
        self.port = free_port()
        self.armed = False
        self.down = False
        self.pairs: list[tuple[socket.socket, socket.socket]] = []
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if self.down:
                client.close()
                continue
            upstream = socket.create_connection(self.target)
            with self.lock:
                self.pairs.append((client, upstream))
            threading.Thread(target=self._pipe, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(upstream, client, False), daemon=True).start()

    def _pipe(self, source, sink, from_client: bool):
        try:
            while data := source.recv(65536):
                if from_client and self.armed and self.trigger in data:
                    self.cut()
                    return
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                end.close()

    def cut(self):
        self.down = True
        with self.lock:
            pairs, self.pairs = self.pairs, []
        for pair in pairs:
            for end in pair:
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def restore(self):
        self.armed = False
        self.down = False

    def close(self):
        self.cut()
        self.listener.close()


@pytest.fixture
def proxied_web():
    database = settings.DATABASES["default"]
    proxy = CuttableProxy((database["HOST"], int(database["PORT"])), ORDER_INSERT)
    url = f"postgres://{database['USER']}:{database['PASSWORD']}@127.0.0.1:{proxy.port}/{database['NAME']}"
    server = Deployment(processes=["web"], DATABASE_URL=url)
    yield proxy, server
    server.stop()
    proxy.close()


@pytest.fixture(autouse=True)
def _server_secret(settings):
    settings.SECRET_KEY = SECRET_KEY


def _checkout_form(server, cookie) -> dict:
    page = server.get("/checkout/", headers={"Cookie": cookie})
    assert page.status_code == 200, page.status_code
    fields = dict(re.findall(r'name="(csrfmiddlewaretoken|checkout_token|reviewed_lines)" value="([^"]*)"', page.text))
    fields["csrftoken"] = page.cookies["csrftoken"]
    return fields


def _place_order(server, cookie, fields, *, address, shipping_method):
    token = fields["csrftoken"]
    return requests.post(
        f"{server.url}/checkout/",
        data={
            "csrfmiddlewaretoken": fields["csrfmiddlewaretoken"],
            "checkout_token": fields["checkout_token"],
            "reviewed_lines": fields["reviewed_lines"],
            "email": "chris@example.com",
            "address": address.pk,
            "shipping_method": shipping_method.pk,
            "payment_method": "bank_transfer",
        },
        headers={"Cookie": f"{cookie}; csrftoken={token}", "Referer": server.url, "X-CSRFToken": token},
        timeout=30,
        allow_redirects=False,
    )


def test_postgres_lost_mid_checkout_leaves_nothing_half_written_and_the_next_checkout_works(
    home_page, customer, make_product, make_address, shipping_method, session_cookie, proxied_web
):
    from commerce.cart.services import add_to_cart, cart_for

    proxy, server = proxied_web
    variant = make_product(variants=[("", "18.00", 5)]).variants.get()
    add_to_cart(cart=cart_for(user=customer, session={}, create=True), variant_id=variant.pk, quantity=2)
    address = make_address(customer)
    cookie = session_cookie(customer)

    proxy.armed = True
    failed = _place_order(
        server, cookie, _checkout_form(server, cookie), address=address, shipping_method=shipping_method
    )

    assert failed.status_code >= 500
    assert not Order.objects.exists()
    assert StockRecord.objects.get(variant=variant).quantity == 5

    proxy.restore()
    placed = _place_order(
        server, cookie, _checkout_form(server, cookie), address=address, shipping_method=shipping_method
    )

    assert placed.status_code == 302, placed.text[:500]
    order = Order.objects.get()
    assert order.lines.get().quantity == 2
    assert StockRecord.objects.get(variant=variant).quantity == 3
