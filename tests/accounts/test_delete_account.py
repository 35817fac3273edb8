from decimal import Decimal

import pytest
from django.test import Client

from commerce.accounts.models import Address, User
from commerce.accounts.services import save_address
from commerce.orders.models import Order
from reviews.models import Review
from tests.accounts.test_addresses import HOME
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def place_order(user):
    return Order.objects.create(
        user=user,
        email=user.email,
        currency="EUR",
        shipping_full_name="Chris Customer",
        shipping_line1="1 High Street",
        shipping_city="Bath",
        shipping_postcode="BA1 1AA",
        shipping_country="United Kingdom",
        shipping_method_name="Standard",
        shipping_cost=Decimal("4.00"),
        subtotal=Decimal("10.00"),
        total=Decimal("14.00"),
    )


def test_deleting_an_account_needs_the_password(customer):
    client = Client()
    client.force_login(customer)
    response = client.post("/accounts/delete/", {"password": "not-it"})
    assert response.status_code == 200
    assert User.objects.filter(pk=customer.pk).exists()


def test_deleting_an_account_erases_the_person_but_keeps_orders_and_reviews_without_a_name(customer, make_product):
    save_address(user=customer, data=HOME)
    order = place_order(customer)
    product = make_product()
    review = Review.objects.create(
        product=product, author=customer, rating=5, title="Great", body="Lovely", approved=True
    )
    client = Client()
    client.force_login(customer)

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=customer.pk).exists()
    assert not Address.objects.filter(user_id=customer.pk).exists()
    order.refresh_from_db()
    assert order.user is None
    assert order.shipping_line1 == "1 High Street"
    review.refresh_from_db()
    assert review.author is None
    shown = Client().get(product.url).content.decode()
    assert "Great" in shown
    assert "A former customer" in shown
    assert "Chris" not in shown
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_deleting_a_user_anywhere_never_deletes_their_orders(customer):
    order = place_order(customer)
    customer.delete()
    assert Order.objects.filter(pk=order.pk).exists()
