import importlib

import pytest
from django.apps import apps

from commerce.orders.models import OrderStatus
from commerce.orders.settlement import mark_order_paid
from commerce.payments.models import Payment, PaymentStatus

pytestmark = pytest.mark.django_db

payment_for_every_order = importlib.import_module("commerce.payments.migrations.0002_payment_for_every_order")


def test_orders_without_a_payment_get_one_that_matches_their_status(make_payable_order, customer):
    awaiting, paid, untouched = (make_payable_order(user=customer) for _ in range(3))
    mark_order_paid(order=paid)
    Payment.objects.filter(order__in=[awaiting, paid]).delete()
    untouched_payment = untouched.payment

    payment_for_every_order.create_missing_payments(apps, None)

    assert Payment.objects.get(order=awaiting).status == PaymentStatus.NONE
    created = Payment.objects.get(order=paid)
    assert (created.status, created.method, created.amount, created.currency) == (
        PaymentStatus.COMPLETED,
        paid.payment_method,
        paid.total,
        paid.currency,
    )
    assert Payment.objects.get(order=untouched) == untouched_payment
    assert paid.status == OrderStatus.PAID
