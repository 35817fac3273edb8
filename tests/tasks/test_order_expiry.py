"""Each placed order expires by itself at its payment deadline, unless it was paid by then."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from catalogue.models import StockRecord
from commerce.orders.models import OrderStatus
from commerce.orders.settlement import mark_order_paid
from tests.tasks.helpers import run_worker

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def order(customer, make_product, make_order, database_tasks):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    return make_order(customer, [(variant, 2)])


def stock(order):
    return StockRecord.objects.get(variant=order.lines.get().variant).quantity


def expiry_of(order):
    return DBTaskResult.objects.get(
        task_path="commerce.orders.tasks.expire_order", args_kwargs__kwargs__order_id=order.pk
    )


def deadline_passes(order):
    DBTaskResult.objects.filter(pk=expiry_of(order).pk).update(run_after=timezone.now())


def test_an_unpaid_order_is_cancelled_by_the_worker_at_its_deadline(order, settings):
    assert expiry_of(order).run_after == order.created + timedelta(minutes=settings.UNPAID_ORDER_TIMEOUT_MINUTES)
    run_worker()
    order.refresh_from_db()
    assert (order.status, stock(order)) == (OrderStatus.PENDING_PAYMENT, 3)

    deadline_passes(order)
    run_worker()
    order.refresh_from_db()
    assert (order.status, stock(order)) == (OrderStatus.CANCELLED, 5)
    assert expiry_of(order).status == TaskResultStatus.SUCCESSFUL
    assert expiry_of(order).return_value is True


def test_a_paid_orders_expiry_changes_nothing(order):
    mark_order_paid(order=order)
    deadline_passes(order)
    run_worker()
    order.refresh_from_db()
    assert (order.status, stock(order)) == (OrderStatus.PAID, 3)
    assert expiry_of(order).return_value is False


def test_the_embedded_default_places_orders_without_scheduling_an_expiry(customer, make_product, make_order, caplog):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    order = make_order(customer, [(variant, 2)])
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert not DBTaskResult.objects.exists()
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
