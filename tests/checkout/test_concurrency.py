"""One checkout posted from several tabs at once, on PostgreSQL: one order, never a server error."""

import re
from functools import partial

import pytest
from django.test import Client

from catalogue.models import StockRecord
from commerce.orders.models import Order
from commerce.payments.models import Payment
from tests.concurrency import run_at_once

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

    def post(client, fields):
        data = {
            "email": customer.email,
            "address": address.pk,
            "shipping_method": shipping_method.pk,
            "payment_method": "paypal",
            **fields,
        }
        return client.post("/checkout/", data).status_code

    statuses, errors = run_at_once([partial(post, client, forms[i % 2]) for i, client in enumerate(clients)])

    assert errors == []
    assert statuses == [302] * POSTS
    order = Order.objects.get()
    assert Payment.objects.get().order == order
    assert StockRecord.objects.get(variant=variant).quantity == 4
