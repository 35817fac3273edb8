import pytest
from django.urls import reverse

from commerce.orders.models import OrderStatus
from commerce.orders.settlement import mark_order_paid
from commerce.payments.models import PaymentStatus

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])


def post_status(client, order, to_status, **fields):
    data = {"to_status": to_status, "note": "by hand", **fields}
    return client.post(reverse("orders:edit", args=[order.pk]), data)


def test_the_status_form_offers_fulfilment_statuses_only(client, manager, order):
    client.force_login(manager)
    form = client.get(reverse("orders:edit", args=[order.pk])).context["form"]
    assert [value for value, _ in form.fields["to_status"].choices] == [S.CANCELLED]
    mark_order_paid(order=order)
    form = client.get(reverse("orders:edit", args=[order.pk])).context["form"]
    assert [value for value, _ in form.fields["to_status"].choices] == [S.PROCESSING, S.SHIPPED, S.CANCELLED]


@pytest.mark.parametrize(("paid_first", "refused"), [(False, S.PAID), (True, S.REFUNDED)])
def test_a_manager_cannot_mark_an_order_paid_or_refunded_from_the_status_form(
    client, manager, order, paid_first, refused
):
    if paid_first:
        mark_order_paid(order=order)
    order.refresh_from_db()
    before = (order.status, order.paid_at, order.events.count(), order.payment.status)
    client.force_login(manager)

    response = post_status(client, order, refused)

    assert response.status_code == 200
    assert "paid and refunded are recorded under Payments" in response.content.decode()
    order.refresh_from_db()
    order.payment.refresh_from_db()
    assert (order.status, order.paid_at, order.events.count(), order.payment.status) == before
    assert order.payment.status == PaymentStatus.NONE


def test_a_manager_ships_a_paid_order_from_the_status_form(client, manager, order):
    mark_order_paid(order=order)
    client.force_login(manager)
    response = post_status(client, order, S.SHIPPED, carrier="DHL", tracking_number="JD0001")
    assert response.status_code == 302
    assert response.url == reverse("orders:inspect", args=[order.pk])
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == (S.SHIPPED, "DHL", "JD0001")
    assert order.events.last().actor == manager
