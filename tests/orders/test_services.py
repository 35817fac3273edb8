from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from catalogue.models import StockRecord
from commerce.orders.models import Order, OrderStatus, PaymentMethod
from commerce.orders.services import (
    InvalidTransition,
    allowed_next_statuses,
    cancel_order,
    change_order_status,
    expire_unpaid_orders,
)
from commerce.orders.settlement import mark_order_paid, refund_order

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def order(customer, make_product, make_order):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    return make_order(customer, [(variant, 2)])


def stock(order):
    return StockRecord.objects.get(variant=order.lines.get().variant).quantity


def move(order, status, **details):
    """Paid and refunded as payments.services moves them, any other status as staff do."""
    settle = {S.PAID: mark_order_paid, S.REFUNDED: refund_order}.get(status)
    if settle is not None:
        return settle(order=order, **details)
    return change_order_status(order=order, to_status=status, **details)


@pytest.mark.parametrize(
    "path",
    [
        [S.PAID, S.PROCESSING, S.SHIPPED, S.DELIVERED],
        [S.PAID, S.SHIPPED, S.DELIVERED, S.REFUNDED],
        [S.CANCELLED],
        [S.PAID, S.CANCELLED],
    ],
)
def test_allowed_transitions_succeed_and_are_recorded(order, manager, path):
    for status in path:
        move(order, status, actor=manager, note=f"to {status}")
    order.refresh_from_db()
    assert order.status == path[-1]
    history = list(order.events.values_list("from_status", "to_status"))
    assert [to for _, to in history] == [S.PENDING_PAYMENT, *path]
    assert order.events.last().actor == manager


@pytest.mark.parametrize(
    ("path", "refused"),
    [
        ([], S.SHIPPED),
        ([], S.DELIVERED),
        ([], S.REFUNDED),
        ([S.PAID], S.PENDING_PAYMENT),
        ([S.CANCELLED], S.PAID),
        ([S.PAID, S.SHIPPED], S.CANCELLED),
        ([S.PAID, S.REFUNDED], S.PAID),
    ],
)
def test_refused_transitions_change_nothing(order, path, refused):
    for status in path:
        move(order, status)
    events = order.events.count()
    with pytest.raises(InvalidTransition):
        move(order, refused)
    order.refresh_from_db()
    assert order.status == (path[-1] if path else S.PENDING_PAYMENT)
    assert order.events.count() == events


@pytest.mark.parametrize(("path", "refused"), [([], S.PAID), ([S.PAID], S.REFUNDED), ([S.PAID, S.SHIPPED], S.REFUNDED)])
def test_staff_status_changes_never_mark_paid_or_refunded(order, manager, path, refused):
    for status in path:
        move(order, status)
    events, units = order.events.count(), stock(order)
    with pytest.raises(InvalidTransition, match="only when its payment is recorded"):
        change_order_status(order=order, to_status=refused, actor=manager)
    order.refresh_from_db()
    assert order.status == (path[-1] if path else S.PENDING_PAYMENT)
    assert (order.events.count(), stock(order), order.paid_at is None) == (events, units, not path)


def test_staff_are_offered_fulfilment_statuses_only(order):
    assert allowed_next_statuses(order) == [S.CANCELLED]
    mark_order_paid(order=order)
    assert allowed_next_statuses(order) == [S.PROCESSING, S.SHIPPED, S.CANCELLED]
    change_order_status(order=order, to_status=S.SHIPPED)
    assert allowed_next_statuses(order) == [S.DELIVERED]


def test_cancelling_returns_stock_once(order):
    assert stock(order) == 3
    cancel_order(order=order)
    assert stock(order) == 5
    with pytest.raises(InvalidTransition):
        cancel_order(order=order)
    assert stock(order) == 5


def test_refunding_a_paid_order_returns_stock(order):
    mark_order_paid(order=order)
    refund_order(order=order)
    assert stock(order) == 5


def test_paid_shipped_and_cancelled_send_emails(order, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        mark_order_paid(order=order)
        change_order_status(order=order, to_status=S.SHIPPED)
    subjects = [message.subject for message in mail.outbox]
    assert any("Payment received" in subject for subject in subjects)
    assert any("on its way" in subject for subject in subjects)


def test_unpaid_orders_expire_and_return_stock(order, settings):
    settings.UNPAID_ORDER_TIMEOUT_MINUTES = 30
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=29)) == 0
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=31)) == 1
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert stock(order) == 5
    assert expire_unpaid_orders(now=timezone.now() + timedelta(minutes=60)) == 0
    assert stock(order) == 5


def test_a_bank_transfer_has_days_to_arrive_before_its_order_expires(customer, make_product, make_order, settings):
    settings.UNPAID_ORDER_TIMEOUT_MINUTES, settings.BANK_TRANSFER_TIMEOUT_DAYS = 30, 7
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    transfer = make_order(customer, [(variant, 1)], payment_method=PaymentMethod.BANK_TRANSFER)

    assert transfer.payment_deadline == transfer.created + timedelta(days=7)
    assert expire_unpaid_orders(now=timezone.now() + timedelta(days=6)) == 0
    assert expire_unpaid_orders(now=timezone.now() + timedelta(days=7, minutes=1)) == 1
    assert Order.objects.get(pk=transfer.pk).status == S.CANCELLED


def test_paid_orders_never_expire(order):
    mark_order_paid(order=order)
    assert expire_unpaid_orders(now=timezone.now() + timedelta(days=2)) == 0
    assert Order.objects.get(pk=order.pk).status == S.PAID


def test_expiry_command(order, settings):
    settings.UNPAID_ORDER_TIMEOUT_MINUTES = 0
    Order.objects.filter(pk=order.pk).update(created=timezone.now() - timedelta(minutes=1))
    call_command("expire_unpaid_orders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Order.objects.get(pk=order.pk).status == S.CANCELLED
