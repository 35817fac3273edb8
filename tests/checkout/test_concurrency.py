"""One checkout posted from several tabs at once, on PostgreSQL: one order, never a server error."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client

from catalogue.models import StockRecord
from commerce.orders.models import Order
from commerce.payments.models import Payment

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

POSTS = 4


def checkout_fields(client) -> dict:
    html = client.get("/checkout/").content.decode()
    return {
        name: re.search(rf'name="{name}" value="([^"]*)"', html).group(1)
        for name in ("checkout_token", "reviewed_lines")
    }


def test_concurrent_posts_of_one_cart_place_one_order(customer, make_address, shipping_method, make_product):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    address = make_address(customer)
    clients = []
    for _ in range(POSTS):
        client = Client()
        client.force_login(customer)
        clients.append(client)
    clients[0].post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    # Two tabs with their own form, each posted twice (a double click).
    forms = [checkout_fields(clients[0]), checkout_fields(clients[1])]
    start = threading.Barrier(POSTS)
    statuses, errors = [], []

    def post(client, fields):
        try:
            start.wait(timeout=30)
            data = {
                "email": customer.email,
                "address": address.pk,
                "shipping_method": shipping_method.pk,
                "payment_method": "paypal",
                **fields,
            }
            statuses.append(client.post("/checkout/", data).status_code)
        except Exception as error:  # noqa: BLE001 - any failure (an IntegrityError, say) fails the test below
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(client, forms[i % 2])) for i, client in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert statuses == [302] * POSTS
    order = Order.objects.get()
    assert Payment.objects.get().order == order
    assert StockRecord.objects.get(variant=variant).quantity == 4
