"""The customer page: details, addresses, orders and amount spent, conversations; deactivate from there."""

import pytest
from django.urls import reverse

from commerce.orders.settlement import mark_order_paid
from core.money import format_money
from livechat.models import Conversation

pytestmark = pytest.mark.django_db


@pytest.fixture
def customer_with_history(customer, make_address, make_product, make_order):
    make_address(customer, city="Bristol")
    variant = make_product("Jug", variants=[("", "10.00", 10)]).variants.get()
    paid = make_order(customer, [(variant, 2)], token="paid")
    mark_order_paid(order=paid)
    make_order(customer, [(variant, 1)], token="unpaid")
    Conversation.objects.create(customer=customer)
    paid.refresh_from_db()
    return customer, paid


def test_the_customer_page_shows_orders_amount_spent_addresses_and_conversations(
    client, manager, customer_with_history
):
    customer, paid = customer_with_history
    client.force_login(manager)
    content = client.get(reverse("customers:inspect", args=[customer.pk])).content.decode()
    assert "Bristol" in content
    assert paid.reference in content
    assert "Orders (2)" in content
    assert f'data-figure="amount-spent">{format_money(paid.total)}<' in content
    assert 'data-testid="customer-conversations"' in content
    assert "1 message" not in content  # the conversation has no messages yet
    assert "Deactivate" in content


def test_the_customer_listing_opens_the_customer_page(client, manager, customer):
    client.force_login(manager)
    content = client.get(reverse("customers:index")).content.decode()
    assert f'href="{reverse("customers:inspect", args=[customer.pk])}"' in content


def test_a_manager_deactivates_from_the_customer_page(client, manager, customer):
    client.force_login(manager)
    response = client.post(reverse("customers:edit", args=[customer.pk]), {})
    assert response.url == reverse("customers:inspect", args=[customer.pk])
    customer.refresh_from_db()
    assert not customer.is_active


def test_a_manager_cannot_open_a_colleagues_page(client, manager, agent):
    client.force_login(manager)
    assert client.get(reverse("customers:inspect", args=[agent.pk])).status_code in (302, 403)


def test_agents_cannot_list_or_open_customers(client, agent, customer):
    client.force_login(agent)
    assert not agent.has_perm("accounts.view_user")
    assert client.get(reverse("customers:index")).status_code in (302, 403)
    assert client.get(reverse("customers:inspect", args=[customer.pk])).status_code in (302, 403)
    assert "/admin/customers/" not in client.get(reverse("wagtailadmin_home")).content.decode()
