import pytest
from django.urls import reverse

from catalogue.models import StockRecord
from commerce.orders.models import OrderEvent, OrderStatus, PaymentMethod
from commerce.orders.services import cancel_order
from commerce.payments.models import Payment, PaymentStatus

from .ipn import post_ipn, web_accept_params

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank_order(make_payable_order, customer):
    return make_payable_order(user=customer, payment_method=PaymentMethod.BANK_TRANSFER)


@pytest.fixture
def paypal_order(make_payable_order, customer):
    return make_payable_order(user=customer)


def admin_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def assert_awaiting_payment(order):
    order.refresh_from_db()
    order.payment.refresh_from_db()
    assert (order.status, order.paid_at, order.payment.status, order.payment.amount) == (
        OrderStatus.PENDING_PAYMENT,
        None,
        PaymentStatus.NONE,
        order.total,
    )
    assert list(order.events.values_list("to_status", flat=True)) == []


def test_manager_records_a_bank_transfer(client, manager, bank_order):
    client.force_login(manager)
    payment = bank_order.payment
    url = reverse("payments_admin:record_bank_transfer", args=[payment.pk])
    assert "Record the bank transfer" in client.get(url).content.decode()

    response = client.post(url, {"note": "Statement line 42"})

    assert response.status_code == 302
    bank_order.refresh_from_db()
    assert bank_order.status == OrderStatus.PAID
    event = OrderEvent.objects.get(order=bank_order, to_status=OrderStatus.PAID)
    assert (event.actor, event.note) == (manager, "Statement line 42")
    payment.refresh_from_db()
    assert payment.status == PaymentStatus.COMPLETED


def test_recording_a_bank_transfer_twice_is_refused(client, manager, bank_order):
    client.force_login(manager)
    url = reverse("payments_admin:record_bank_transfer", args=[bank_order.payment.pk])
    client.post(url)
    response = client.post(url, follow=True)
    assert "cannot go from Paid to Paid" in " ".join(admin_messages(response))
    assert OrderEvent.objects.filter(order=bank_order, to_status=OrderStatus.PAID).count() == 1


def test_a_bank_transfer_for_an_order_no_longer_awaiting_payment_is_refused(client, manager, bank_order):
    cancel_order(order=bank_order, actor=manager)
    client.force_login(manager)
    client.post(reverse("payments_admin:record_bank_transfer", args=[bank_order.payment.pk]))
    bank_order.refresh_from_db()
    bank_order.payment.refresh_from_db()
    assert (bank_order.status, bank_order.payment.status) == (OrderStatus.CANCELLED, PaymentStatus.NONE)


# "mark_paid" is the address the action had before it became "Record bank transfer".
@pytest.mark.parametrize("url_name", ["payments_admin:record_bank_transfer", "payments_admin:mark_paid"])
def test_a_manager_cannot_record_a_paypal_order_paid(client, manager, paypal_order, url_name):
    client.force_login(manager)
    response = client.post(reverse(url_name, args=[paypal_order.payment.pk]), {"note": "trust me"}, follow=True)
    assert "only PayPal's verified notification can mark it paid" in " ".join(admin_messages(response))
    assert_awaiting_payment(paypal_order)


def test_the_payment_edit_form_cannot_change_status_or_amount(client, manager, paypal_order):
    client.force_login(manager)
    url = reverse("payments_admin:edit", args=[paypal_order.payment.pk])
    client.post(url, {"status": "completed", "amount": "0.01", "needs_attention": "on", "problems": "Called PayPal"})
    assert_awaiting_payment(paypal_order)
    paypal_order.payment.refresh_from_db()
    assert (paypal_order.payment.needs_attention, paypal_order.payment.problems) == (True, "Called PayPal")


def test_only_pending_bank_transfers_offer_the_record_action(client, manager, bank_order, paypal_order):
    client.force_login(manager)
    index = client.get(reverse("payments_admin:index")).content.decode()
    assert reverse("payments_admin:record_bank_transfer", args=[bank_order.payment.pk]) in index
    assert reverse("payments_admin:record_bank_transfer", args=[paypal_order.payment.pk]) not in index
    inspect = client.get(reverse("payments_admin:inspect", args=[paypal_order.payment.pk])).content.decode()
    assert "Record bank transfer" not in inspect


def test_manager_records_the_refund_of_a_bank_transfer(client, manager, bank_order):
    client.force_login(manager)
    payment = bank_order.payment
    client.post(reverse("payments_admin:record_bank_transfer", args=[payment.pk]))
    units = StockRecord.objects.get(variant=bank_order.lines.get().variant).quantity
    index = client.get(reverse("payments_admin:index")).content.decode()
    assert reverse("payments_admin:record_refund", args=[payment.pk]) in index

    client.post(reverse("payments_admin:record_refund", args=[payment.pk]), {"note": "Sent back"})

    bank_order.refresh_from_db()
    payment.refresh_from_db()
    assert (bank_order.status, payment.status) == (OrderStatus.REFUNDED, PaymentStatus.REFUNDED)
    assert OrderEvent.objects.get(order=bank_order, to_status=OrderStatus.REFUNDED).actor == manager
    assert StockRecord.objects.get(variant=bank_order.lines.get().variant).quantity == units + 2


def test_a_refund_is_refused_for_an_unpaid_bank_transfer_or_a_paypal_order(
    client, manager, bank_order, paypal_order, paypal_postback
):
    post_ipn(client, web_accept_params(paypal_order))
    client.force_login(manager)

    unpaid = client.post(reverse("payments_admin:record_refund", args=[bank_order.payment.pk]), follow=True)
    paypal = client.post(reverse("payments_admin:record_refund", args=[paypal_order.payment.pk]), follow=True)

    assert "only a completed payment can be refunded" in " ".join(admin_messages(unpaid))
    assert "only PayPal's verified notification can mark it refunded" in " ".join(admin_messages(paypal))
    assert_awaiting_payment(bank_order)
    paypal_order.refresh_from_db()
    assert (paypal_order.status, paypal_order.payment.status) == (OrderStatus.PAID, PaymentStatus.COMPLETED)


def test_agent_sees_payments_but_cannot_change_them(client, agent, bank_order):
    client.force_login(agent)
    payment = bank_order.payment

    assert client.get(reverse("payments_admin:index")).status_code == 200
    assert client.get(reverse("payments_admin:inspect", args=[payment.pk])).status_code == 200
    assert client.post(reverse("payments_admin:record_bank_transfer", args=[payment.pk])).status_code in (302, 403)
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
