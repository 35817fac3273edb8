"""Deliveries that race each other need real commits, so this test is transactional."""

import threading

import pytest
from django.db import connection
from django.test import Client

from commerce.orders.models import OrderEvent, OrderStatus
from commerce.payments.models import Payment

from .ipn import encode, web_accept_params


@pytest.mark.postgres
def test_same_ipn_three_times_at_once_marks_the_order_paid_once(
    transactional_db,
    django_db_serialized_rollback,
    make_payable_order,
    customer,
    paypal_postback,
):
    order = make_payable_order(user=customer)
    body = encode(web_accept_params(order))
    start = threading.Barrier(3)
    statuses = []

    def deliver():
        try:
            start.wait()
            response = Client().post("/paypal/", body, content_type="application/x-www-form-urlencoded")
            statuses.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert statuses == [200, 200, 200]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
    assert Payment.objects.get(order=order).notifications.count() == 3
