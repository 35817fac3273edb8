import pytest
from django.urls import reverse

from commerce.orders.models import OrderEvent, OrderStatus, PaymentMethod
from commerce.payments.models import Payment, PaymentStatus

from .ipn import post_ipn, web_accept_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_order(make_payable_order, customer):
    return make_payable_order(user=customer, payment_method=PaymentMethod.BANK_TRANSFER)


def test_every_new_order_gets_a_payment_record_with_status_none(bank_order):
    payment = Payment.objects.get(order=bank_order)
    assert (payment.status, payment.method, payment.amount) == (
        PaymentStatus.NONE,
        PaymentMethod.BANK_TRANSFER,
        bank_order.total,
    )


def test_manager_marks_a_bank_transfer_paid(client, manager, bank_order):
    client.force_login(manager)
    payment = bank_order.payment
    url = reverse("payments_admin:mark_paid", args=[payment.pk])
    assert client.get(url).status_code == 200

    response = client.post(url, {"note": "Statement line 42"})

    assert response.status_code == 302
    bank_order.refresh_from_db()
    assert bank_order.status == OrderStatus.PAID
    event = OrderEvent.objects.get(order=bank_order, to_status=OrderStatus.PAID)
    assert (event.actor, event.note) == (manager, "Statement line 42")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.COMPLETED


def test_marking_a_paid_order_paid_again_changes_nothing(client, manager, bank_order):
    client.force_login(manager)
    url = reverse("payments_admin:mark_paid", args=[bank_order.payment.pk])
    client.post(url)
    client.post(url)
    assert OrderEvent.objects.filter(order=bank_order, to_status=OrderStatus.PAID).count() == 1


def test_agent_sees_payments_but_cannot_change_them(client, agent, bank_order):
    client.force_login(agent)
    payment = bank_order.payment

    assert client.get(reverse("payments_admin:index")).status_code == 200
    assert client.get(reverse("payments_admin:inspect", args=[payment.pk])).status_code == 200
    assert client.post(reverse("payments_admin:mark_paid", args=[payment.pk])).status_code in (302, 403)
    edit = client.post(reverse("payments_admin:edit", args=[payment.pk]), {"problems": "x"})
    assert edit.status_code in (302, 403)
    bank_order.refresh_from_db()
    payment.refresh_from_db()
    assert (bank_order.status, payment.problems) == (OrderStatus.PENDING_PAYMENT, "")


def test_nobody_adds_or_deletes_payments_in_the_admin(client, manager, bank_order):
    client.force_login(manager)
    assert client.get(reverse("payments_admin:add")).status_code in (302, 403)
    client.post(reverse("payments_admin:delete", args=[bank_order.payment.pk]))
    assert Payment.objects.filter(order=bank_order).exists()


def test_customer_cannot_open_the_payments_admin(client, customer):
    client.force_login(customer)
    assert client.get(reverse("payments_admin:index")).status_code in (302, 403)


def test_inspect_page_lists_the_ipns_behind_a_payment(client, manager, make_payable_order, customer, paypal_postback):
    order = make_payable_order(user=customer)
    post_ipn(client, web_accept_params(order, mc_gross="1.00"))
    client.force_login(manager)

    content = client.get(reverse("payments_admin:inspect", args=[order.payment.pk])).content.decode()

    assert "61E67681CH3238416" in content
    assert "Rejected" in content
    assert "does not equal the order total" in content
    index = client.get(reverse("payments_admin:index"), {"needs_attention": "true"}).content.decode()
    assert order.reference in index


def test_payment_follows_an_order_marked_paid_and_refunded_elsewhere(bank_order, manager):
    from commerce.orders.services import mark_order_paid, refund_order

    mark_order_paid(order=bank_order, actor=manager)
    assert Payment.objects.get(order=bank_order).status == PaymentStatus.COMPLETED
    refund_order(order=bank_order, actor=manager)
    assert Payment.objects.get(order=bank_order).status == PaymentStatus.REFUNDED
