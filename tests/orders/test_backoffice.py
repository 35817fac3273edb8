"""The orders back office: listing, export, order page, shipping, notes, bulk changes, print views."""

import csv
import io
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from catalogue.models import StockRecord
from commerce.orders.models import Order, OrderNote, OrderStatus
from commerce.orders.settlement import mark_order_paid
from core.money import format_money
from livechat.models import Conversation

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def product(make_product):
    return make_product("Blue mug", variants=[("", "10.00", 20)])


@pytest.fixture
def order(customer, product, make_order):
    return make_order(customer, [(product.variants.get(), 2)])


@pytest.fixture
def paid_order(order):
    mark_order_paid(order=order)
    order.refresh_from_db()
    return order


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def listed_references(response) -> list[str]:
    return [order.reference for order in response.context["object_list"]]


def test_the_listing_searches_by_reference_email_and_name(manager_client, order, make_user, make_order, product):
    other = make_order(make_user(first_name="Olga"), [(product.variants.get(), 1)])
    index = reverse("orders:index")
    assert listed_references(manager_client.get(index, {"q": order.reference.lower()})) == [order.reference]
    assert listed_references(manager_client.get(index, {"q": order.email})) == [order.reference]
    assert listed_references(manager_client.get(index, {"q": other.shipping_full_name})) == [other.reference]


def test_the_listing_shows_totals_with_their_currency(manager_client, order):
    content = manager_client.get(reverse("orders:index")).content.decode()
    assert format_money(order.total, order.currency) in content


def test_the_listing_filters_by_date_range_and_by_what_orders_await(manager_client, order, paid_order_factory):
    shipped_soon = paid_order_factory()
    Order.objects.filter(pk=order.pk).update(created=timezone.now() - timedelta(days=10))
    index = reverse("orders:index")
    today = timezone.localdate().isoformat()
    assert listed_references(manager_client.get(index, {"created_after": today})) == [shipped_soon.reference]
    long_ago = (timezone.localdate() - timedelta(days=11)).isoformat()
    five_days_ago = (timezone.localdate() - timedelta(days=5)).isoformat()
    response = manager_client.get(index, {"created_after": long_ago, "created_before": five_days_ago})
    assert listed_references(response) == [order.reference]
    assert listed_references(manager_client.get(index, {"awaiting": "shipment"})) == [shipped_soon.reference]
    assert listed_references(manager_client.get(index, {"awaiting": "payment"})) == [order.reference]


@pytest.fixture
def paid_order_factory(customer, product, make_order):
    def make():
        order = make_order(customer, [(product.variants.get(), 1)], token=f"t-{Order.objects.count()}")
        mark_order_paid(order=order)
        return order

    return make


def test_the_listing_paginates_fifty_a_page(manager_client, order):
    copies = []
    for number in range(50):
        copy = Order.objects.get(pk=order.pk)
        copy.pk, copy.reference, copy.checkout_token = None, f"COPY{number:08d}", None
        copies.append(copy)
    Order.objects.bulk_create(copies)
    index = reverse("orders:index")
    first = manager_client.get(index)
    assert len(first.context["object_list"]) == 50
    assert first.context["page_obj"].paginator.count == 51
    assert len(manager_client.get(index, {"p": 2}).context["object_list"]) == 1


def test_the_listing_exports_the_filtered_orders_as_csv(manager_client, order, paid_order_factory):
    paid = paid_order_factory()
    response = manager_client.get(reverse("orders:index"), {"awaiting": "shipment", "export": "csv"})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="orders')
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row["Reference"] for row in rows] == [paid.reference]
    assert rows[0]["Status"] == "Paid"
    assert rows[0]["Currency"] == paid.currency
    assert rows[0]["Total"] == str(paid.total)


def test_the_listing_exports_xlsx(manager_client, order):
    response = manager_client.get(reverse("orders:index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]


def test_the_order_page_shows_lines_totals_address_payment_and_history_in_words(manager_client, manager, paid_order):
    content = manager_client.get(reverse("orders:inspect", args=[paid_order.pk])).content.decode()
    assert "Blue mug" in content
    assert format_money(paid_order.total, paid_order.currency) in content
    assert paid_order.shipping_line1 in content
    assert 'data-testid="order-payment"' in content
    assert "Awaiting payment → Paid" in content
    assert "pending_payment" not in content


def test_a_manager_ships_with_carrier_and_tracking_and_the_email_carries_them(
    manager_client, paid_order, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(
            reverse("orders:edit", args=[paid_order.pk]),
            {"to_status": S.SHIPPED, "carrier": "DHL", "tracking_number": "JD014600", "note": ""},
        )
    assert response.status_code == 302
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.carrier, paid_order.tracking_number) == (S.SHIPPED, "DHL", "JD014600")
    shipped = [message for message in mail.outbox if "on its way" in message.subject]
    assert shipped
    assert "JD014600" in shipped[0].body


def test_shipping_without_a_tracking_number_is_refused(manager_client, paid_order):
    response = manager_client.post(
        reverse("orders:edit", args=[paid_order.pk]), {"to_status": S.SHIPPED, "carrier": "DHL", "tracking_number": ""}
    )
    assert response.status_code == 200
    assert "A shipped order needs this." in response.content.decode()
    paid_order.refresh_from_db()
    assert paid_order.status == S.PAID


def test_the_status_form_offers_only_allowed_transitions_and_refuses_others(manager_client, order):
    response = manager_client.post(reverse("orders:edit", args=[order.pk]), {"to_status": S.SHIPPED})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


def test_cancelling_returns_the_stock(manager_client, paid_order, product):
    manager_client.post(reverse("orders:edit", args=[paid_order.pk]), {"to_status": S.CANCELLED, "note": "asked"})
    paid_order.refresh_from_db()
    assert paid_order.status == S.CANCELLED
    assert StockRecord.objects.get(variant=product.variants.get()).quantity == 20


def test_a_note_to_the_customer_is_emailed_and_shown_to_them_an_internal_one_is_not(
    manager_client, client, customer, order, django_capture_on_commit_callbacks
):
    url = reverse("orders:note", args=[order.pk])
    with django_capture_on_commit_callbacks(execute=True):
        assert manager_client.post(url, {"body": "Packed tomorrow", "to_customer": "1"}).status_code == 302
        assert manager_client.post(url, {"body": "Fragile: wrap twice", "to_customer": ""}).status_code == 302
    assert [(n.body, n.to_customer) for n in order.notes.all()] == [
        ("Packed tomorrow", True),
        ("Fragile: wrap twice", False),
    ]
    emailed = [message for message in mail.outbox if "message about your order" in message.subject]
    assert len(emailed) == 1
    assert "Packed tomorrow" in emailed[0].body
    assert "Fragile" not in emailed[0].body

    client.force_login(customer)
    page = client.get(reverse("account_orders:detail", args=[order.reference])).content.decode()
    assert "Packed tomorrow" in page
    assert "Fragile" not in page


def test_an_empty_note_is_refused(manager_client, order):
    response = manager_client.post(reverse("orders:note", args=[order.pk]), {"body": ""})
    assert response.status_code == 200
    assert not OrderNote.objects.exists()


def test_bulk_status_change_moves_the_allowed_orders_and_reports_the_others(
    manager_client, manager, order, paid_order_factory
):
    paid = paid_order_factory()
    url = reverse("wagtail_bulk_action", args=("orders", "order", "change-status"))
    query = f"?id={order.pk}&id={paid.pk}&next={reverse('orders:index')}"
    assert manager_client.get(url + query).status_code == 200
    response = manager_client.post(url + query, {"to_status": S.PROCESSING, "note": "batch"}, follow=True)
    order.refresh_from_db()
    paid.refresh_from_db()
    assert (order.status, paid.status) == (S.PENDING_PAYMENT, S.PROCESSING)
    words = [str(message) for message in response.context["messages"]]
    assert any(order.reference in message for message in words)
    assert any("1 order changed" in message for message in words)


def test_bulk_change_cannot_mark_orders_paid_or_shipped(manager_client, order):
    url = reverse("wagtail_bulk_action", args=("orders", "order", "change-status")) + f"?id={order.pk}"
    for refused in (S.PAID, S.REFUNDED, S.SHIPPED):
        manager_client.post(url, {"to_status": refused})
        order.refresh_from_db()
        assert order.status == S.PENDING_PAYMENT


def test_agents_cannot_bulk_change_orders(client, agent, order):
    client.force_login(agent)
    url = reverse("wagtail_bulk_action", args=("orders", "order", "change-status")) + f"?id={order.pk}"
    client.post(url, {"to_status": S.CANCELLED})
    order.refresh_from_db()
    assert order.status == S.PENDING_PAYMENT


@pytest.mark.parametrize("url_name", ["orders:invoice", "orders:packing_slip"])
def test_print_views_show_the_order(manager_client, order, url_name):
    content = manager_client.get(reverse(url_name, args=[order.pk])).content.decode()
    assert order.reference in content
    assert "Blue mug" in content
    assert order.shipping_city in content
    assert "window.print()" in content


def test_no_role_can_add_or_delete_an_order(client, manager, agent, order):
    for user in (manager, agent):
        client.force_login(user)
        add = client.get(reverse("orders:add"))
        assert add.status_code in (302, 403)
        deleted = client.post(reverse("orders:delete", args=[order.pk]))
        assert deleted.status_code in (302, 403)
        assert Order.objects.filter(pk=order.pk).exists()
    client.force_login(manager)
    assert "orders:add" not in client.get(reverse("orders:index")).content.decode()
    assert reverse("orders:add") not in client.get(reverse("orders:index")).content.decode()


def test_the_order_page_shows_the_customers_conversations(manager_client, customer, order):
    Conversation.objects.create(customer=customer)
    content = manager_client.get(reverse("orders:inspect", args=[order.pk])).content.decode()
    assert 'data-testid="customer-conversations"' in content
