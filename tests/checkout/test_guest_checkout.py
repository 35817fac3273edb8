"""Guest checkout: buy with an email and an address, open the order from the emailed link, and
find it in the account registered (and verified) later with that email."""

import re
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.http import Http404
from django.test import Client

from commerce.accounts import access
from commerce.accounts.tokens import verification_token
from commerce.orders.models import Order
from commerce.orders.services import attach_guest_orders
from tests.checkout.test_views import add, checkout_form
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

ADDRESS = {
    "new-full_name": "Gina Guest",
    "new-line1": "2 Low Road",
    "new-city": "Leeds",
    "new-postcode": "LS1 1AA",
    "new-country": "United Kingdom",
}


def guest_checkout(client, shipping_method, variant, *, email="Gina@Example.com", payment_method="paypal", **extra):
    add(client, variant, 1)
    html, fields = checkout_form(client)
    assert 'data-testid="guest-checkout"' in html
    assert 'name="address"' not in html
    data = {"email": email, "shipping_method": shipping_method.pk, "payment_method": payment_method}
    return client.post("/checkout/", {**data, **ADDRESS, **fields, **extra})


def order_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/accounts/orders/\w+/open/[\w-]+/)", message.body).group(1)


@pytest.fixture
def variant(make_product):
    return make_product("Lamp", variants=[("", "30.00", 5)]).variants.get()


def test_a_guest_buys_with_an_email_and_an_address_and_pays(
    client, shipping_method, variant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = guest_checkout(client, shipping_method, variant)
    order = Order.objects.get()
    assert response["Location"] == f"/payments/{order.reference}/"
    assert order.user is None
    assert order.email == "Gina@Example.com"
    assert order.shipping_city == "Leeds"
    assert order.total == Decimal("34.90")
    assert len(order.access_token) >= 40
    assert order.events.get().actor is None
    # The session that placed it may pay for it and see it.
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/payments/{order.reference}/status/").json()["status"] == "pending_payment"
    assert client.get(f"/accounts/orders/{order.reference}/").status_code == 200
    # The confirmation email carries the secret link.
    assert mail.outbox[-1].to == ["Gina@Example.com"]
    assert order_link(mail.outbox[-1]) == f"/accounts/orders/{order.reference}/open/{order.access_token}/"
    assert order_link(mail.outbox[-1]).rstrip("/").rsplit("/", 1)[-1] in mail.outbox[-1].alternatives[0][0]


def test_a_guest_must_fill_in_the_address(client, shipping_method, variant):
    response = guest_checkout(client, shipping_method, variant, **{"new-city": ""})
    assert response.status_code == 200
    assert "Please fill in your shipping address." in response.content.decode()
    assert not Order.objects.exists()


def test_the_emailed_link_opens_the_order_and_its_payment_pages_in_another_browser(
    client, shipping_method, variant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest_checkout(client, shipping_method, variant)
    order = Order.objects.get()
    link = order_link(mail.outbox[-1])

    elsewhere = Client()
    assert elsewhere.get(f"/accounts/orders/{order.reference}/")["Location"].startswith("/accounts/login/")
    assert elsewhere.get(f"/payments/{order.reference}/")["Location"].startswith("/accounts/login/")
    assert elsewhere.get(f"/payments/{order.reference}/status/").status_code == 404

    response = elsewhere.get(link)
    assert response["Location"] == f"/accounts/orders/{order.reference}/"
    page = elsewhere.get(response["Location"])
    assert page.status_code == 200
    assert order.reference in page.content.decode()
    assert 'data-testid="guest-order-note"' in page.content.decode()
    assert elsewhere.get(f"/payments/{order.reference}/").status_code == 200
    assert elsewhere.get(f"/payments/{order.reference}/return/").status_code == 200


def test_a_wrong_token_opens_nothing(client, shipping_method, variant, customer):
    guest_checkout(client, shipping_method, variant)
    order = Order.objects.get()
    forged = order.access_token[:-1] + ("A" if order.access_token[-1] != "A" else "B")
    stranger = Client()
    # A visitor is asked to sign in, as for any order page, and the session holds nothing.
    assert stranger.get(f"/accounts/orders/{order.reference}/open/{forged}/")["Location"].startswith("/accounts/login/")
    assert stranger.get(f"/accounts/orders/{Order().reference}/open/{order.access_token}/").status_code == 302
    assert "guest_orders" not in stranger.session
    assert stranger.get(f"/payments/{order.reference}/status/").status_code == 404
    stranger.force_login(customer)
    assert stranger.get(f"/accounts/orders/{order.reference}/open/{forged}/").status_code == 404
    assert stranger.get(f"/accounts/orders/{order.reference}/").status_code == 404


def test_the_access_layer_opens_only_an_ownerless_object_with_its_token(customer, make_order, make_product):
    owned = make_order(customer, [(make_product().variants.get(), 1)])
    Order.objects.filter(pk=owned.pk).update(access_token="known-token")
    orders = Order.objects.all()
    with pytest.raises(Http404):
        access.get_owned_or_404(orders, user=AnonymousUser(), guest_token="known-token", reference=owned.reference)
    Order.objects.filter(pk=owned.pk).update(user=None)
    assert access.get_owned_or_404(orders, user=AnonymousUser(), guest_token="known-token", reference=owned.reference)
    with pytest.raises(Http404):
        access.get_owned_or_404(orders, user=AnonymousUser(), guest_token="known-tokeN", reference=owned.reference)
    with pytest.raises(Http404):
        access.get_owned_or_404(orders, user=AnonymousUser(), guest_token="known-token")
    Order.objects.filter(pk=owned.pk).update(access_token="")
    with pytest.raises(Http404):
        access.get_owned_or_404(orders, user=AnonymousUser(), guest_token="", reference=owned.reference)


def test_registering_and_verifying_that_email_attaches_past_guest_orders(
    client, home_page, shipping_method, variant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        guest_checkout(client, shipping_method, variant)
    order = Order.objects.get()
    link = order_link(mail.outbox[-1])

    newcomer = Client()
    with django_capture_on_commit_callbacks(execute=True):
        newcomer.post(
            "/accounts/register/",
            {"email": "gina@example.com", "first_name": "Gina", "last_name": "Guest", "password": PASSWORD},
        )
    user = order.__class__._meta.get_field("user").related_model.objects.get(email="gina@example.com")
    order.refresh_from_db()
    assert order.user is None  # not before the address is verified

    newcomer.get(f"/accounts/verify/{verification_token(user)}/")
    order.refresh_from_db()
    assert order.user == user
    # Registering does not sign in (it would tell whether the address was new): the owner signs in.
    assert newcomer.login(username="gina@example.com", password=PASSWORD)
    assert order.reference in newcomer.get("/accounts/orders/").content.decode()
    assert newcomer.get(f"/accounts/orders/{order.reference}/").status_code == 200
    # The old link now asks its owner to sign in, and no longer opens the order for a visitor.
    visitor = Client()
    assert visitor.get(link)["Location"].startswith("/accounts/login/")
    assert visitor.get(f"/payments/{order.reference}/status/").status_code == 404


def test_only_guest_orders_with_that_email_are_attached(customer, make_user, make_order, make_product):
    product = make_product(variants=[("", "10.00", 10)])
    account_order = make_order(customer, [(product.variants.get(), 1)])
    Order.objects.filter(pk=account_order.pk).update(user=None)  # as if its account was deleted
    newcomer = make_user(email=customer.email.upper().replace("@", "+x@"), verified=False)
    Order.objects.create(
        email=newcomer.email.lower(), access_token="t", currency="EUR", shipping_cost=0, subtotal=0, total=0
    )
    assert attach_guest_orders(user=newcomer) == 0  # unverified
    newcomer.email_verified = True
    assert attach_guest_orders(user=newcomer) == 1
    account_order.refresh_from_db()
    assert account_order.user is None


def test_a_guest_cannot_take_over_an_account_orders_checkout_token(
    client, shopper_client, customer, shipping_method, variant
):
    add(shopper_client, variant, 1)
    _, fields = checkout_form(shopper_client)
    shopper_client.post(
        "/checkout/",
        {
            "email": customer.email,
            "address": customer.addresses.first().pk,
            "shipping_method": shipping_method.pk,
            "payment_method": "paypal",
            **fields,
        },
    )
    response = guest_checkout(client, shipping_method, variant, checkout_token=fields["checkout_token"])
    assert response["Location"] == "/checkout/"
    assert Order.objects.count() == 1


@pytest.fixture
def shopper_client(customer, make_address):
    make_address(customer)
    shopper = Client()
    shopper.force_login(customer)
    return shopper


def test_a_guest_cannot_claim_another_guests_order_with_its_checkout_token(shipping_method, variant):
    first, second = Client(), Client()
    add(first, variant, 1)
    _, fields = checkout_form(first)
    data = {"email": "first@example.com", "shipping_method": shipping_method.pk, "payment_method": "paypal"}
    first.post("/checkout/", {**data, **ADDRESS, **fields})
    order = Order.objects.get()

    response = guest_checkout(second, shipping_method, variant, checkout_token=fields["checkout_token"])
    assert response["Location"] == "/checkout/"
    assert "no longer valid" in second.get("/checkout/").content.decode()
    assert Order.objects.count() == 1
    assert second.get(f"/accounts/orders/{order.reference}/")["Location"].startswith("/accounts/login/")
    assert first.get(f"/accounts/orders/{order.reference}/").status_code == 200


def test_a_guest_posting_their_own_form_twice_gets_their_one_order(shipping_method, variant):
    add(client := Client(), variant, 1)
    _, fields = checkout_form(client)
    data = {"email": "first@example.com", "shipping_method": shipping_method.pk, "payment_method": "paypal"}
    first = client.post("/checkout/", {**data, **ADDRESS, **fields})
    order = Order.objects.get()
    assert first["Location"] == f"/payments/{order.reference}/"
    again = client.post("/checkout/", {**data, **ADDRESS, **fields})
    assert again["Location"] == "/cart/"  # the cart was ordered: nothing placed twice
    assert Order.objects.count() == 1
    assert client.get(f"/accounts/orders/{order.reference}/").status_code == 200
