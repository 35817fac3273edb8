import pytest
from django.urls import reverse

from livechat.models import Conversation
from livechat.selectors import customer_details

pytestmark = pytest.mark.django_db


def test_the_agent_sees_the_customers_recent_orders_with_links_to_their_order_pages(customer, make_product, make_order):
    order = make_order(customer, [(make_product().variants.get(), 1)])
    details = customer_details(conversation=Conversation.objects.create(customer=customer))
    assert details["orders"][0]["reference"] == order.reference
    assert details["orders"][0]["url"] == reverse("orders:inspect", args=[order.pk])
