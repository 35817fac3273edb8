"""Deliveries that race each other need real commits, so this test is transactional."""

import pytest
from django.test import Client

from commerce.orders.models import OrderEvent, OrderStatus
from commerce.payments.models import Payment
from tests.concurrency import run_at_once

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

    def deliver():
        return Client().post("/paypal/", body, content_type="application/x-www-form-urlencoded").status_code

    statuses, errors = run_at_once([deliver] * 3)

    assert errors == []
    assert statuses == [200, 200, 200]
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID
    assert OrderEvent.objects.filter(order=order, to_status=OrderStatus.PAID).count() == 1
    assert Payment.objects.get(order=order).notifications.count() == 3
