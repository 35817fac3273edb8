"""Back-office screens print money as customers read it ("€1,234.50"), never a raw Decimal and a code."""

from decimal import Decimal

import pytest
from django.urls import reverse

from commerce.orders.settlement import mark_order_paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def big_order(customer, make_product, make_order):
    # 2 × 617.25 + 4.90 shipping = 1,239.40: a thousands separator and a trailing zero to get right.
    variant = make_product(variants=[("", "617.25", 5)]).variants.get()
    order = make_order(customer, [(variant, 2)])
    mark_order_paid(order=order)
    return order


def page_text(client, manager, url):
    client.force_login(manager)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "url_for",
    [
        lambda order: reverse("orders:index"),
        lambda order: reverse("orders:inspect", args=[order.pk]),
        lambda order: reverse("orders:invoice", args=[order.pk]),
        lambda order: reverse("payments_admin:index"),
        lambda order: reverse("customers:inspect", args=[order.user_id]),
    ],
    ids=["orders", "order page", "invoice", "payments", "customer page"],
)
def test_admin_screens_format_the_order_total_with_the_money_filter(client, manager, big_order, url_for):
    assert big_order.total == Decimal("1239.40")
    content = page_text(client, manager, url_for(big_order))
    assert "€1,239.40" in content
    assert "EUR 1" not in content
    assert "EUR" not in content.split("<main", 1)[-1].replace("currency", "")


def test_sales_reports_format_revenue(client, manager, big_order):
    for name in ("orders_sales_report", "orders_top_products_report"):
        content = page_text(client, manager, reverse(name))
        assert "€1,2" in content, name
