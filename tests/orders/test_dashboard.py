"""Dashboard panels and sales reports against known orders."""

import csv
import io
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commerce.orders.models import Order
from commerce.orders.selectors import dashboard_figures
from commerce.orders.services import cancel_order
from commerce.orders.settlement import mark_order_paid
from livechat.models import Conversation
from reviews.models import Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def product(make_product):
    return make_product("Teapot", variants=[("", "10.00", 50)])


@pytest.fixture
def orders(customer, product, make_order):
    """Today: one paid (2 units), one awaiting payment, one cancelled; ten days ago: one paid."""
    variant = product.variants.get()
    paid = make_order(customer, [(variant, 2)], token="paid")
    mark_order_paid(order=paid)
    waiting = make_order(customer, [(variant, 1)], token="waiting")
    cancelled = make_order(customer, [(variant, 1)], token="cancelled")
    cancel_order(order=cancelled)
    old = make_order(customer, [(variant, 3)], token="old")
    mark_order_paid(order=old)
    Order.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(days=10))
    return {"paid": paid, "waiting": waiting, "cancelled": cancelled, "old": old}


def figure(content: str, name: str) -> str:
    return re.search(rf'data-figure="{name}">([^<]*)<', content).group(1)


def test_dashboard_figures_count_known_orders(orders):
    figures = dashboard_figures()
    paid = orders["paid"]
    assert figures["today"] == {"orders": 2, "revenue": paid.total}
    assert figures["week"]["orders"] >= 2
    assert figures["awaiting_shipment"] == 2
    assert figures["awaiting_payment"] == 1


def test_a_manager_sees_every_shop_panel_with_links_to_the_filtered_listings(
    client, manager, orders, make_product, settings, customer
):
    settings.LOW_STOCK_THRESHOLD = 5
    make_product("Scarce", variants=[("", "1.00", 2)])
    Review.objects.create(product=orders["paid"].lines.first().product, author=customer, rating=5, title="Good")
    Conversation.objects.create(customer=customer)
    client.force_login(manager)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert figure(content, "today-orders") == "2"
    assert figure(content, "awaiting-shipment") == "2"
    assert figure(content, "awaiting-payment") == "1"
    assert figure(content, "low-stock") == "1"
    assert figure(content, "reviews-waiting") == "1"
    assert figure(content, "chats-waiting") == "1"
    assert f'href="{reverse("orders:index")}?awaiting=shipment"' in content
    assert f'href="{reverse("inventory:index")}?low_stock=true"' in content
    shipment = client.get(reverse("orders:index"), {"awaiting": "shipment"})
    assert {order.pk for order in shipment.context["object_list"]} == {orders["paid"].pk, orders["old"].pk}


def test_an_agent_sees_only_the_chat_figures(client, agent, orders):
    client.force_login(agent)
    content = client.get(reverse("wagtailadmin_home")).content.decode()
    assert 'data-figure="chats-waiting"' in content
    for hidden in ("today-orders", "awaiting-shipment", "low-stock", "reviews-waiting"):
        assert f'data-figure="{hidden}"' not in content


def test_the_sales_report_lists_days_and_exports_csv(client, manager, orders):
    client.force_login(manager)
    response = client.get(reverse("orders_sales_report"))
    assert response.status_code == 200
    exported = client.get(reverse("orders_sales_report"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    by_day = {row["Day"]: row for row in rows}
    today = by_day[timezone.localdate().isoformat()]
    assert (today["Orders"], Decimal(today["Revenue"])) == ("2", orders["paid"].total)
    assert len(rows) == 2


def test_the_sales_report_filters_by_date(client, manager, orders):
    client.force_login(manager)
    since = (timezone.localdate() - timedelta(days=1)).isoformat()
    exported = client.get(reverse("orders_sales_report"), {"export": "csv", "created_after": since})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [row["Day"] for row in rows] == [timezone.localdate().isoformat()]


def test_top_products_counts_paid_lines_only(client, manager, orders):
    client.force_login(manager)
    exported = client.get(reverse("orders_top_products_report"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(b"".join(exported.streaming_content).decode())))
    assert [(row["Product"], row["Units sold"]) for row in rows] == [("Teapot", "5")]


def test_agents_cannot_open_the_sales_reports(client, agent):
    client.force_login(agent)
    for name in ("orders_sales_report", "orders_top_products_report"):
        assert client.get(reverse(name)).status_code in (302, 403)
