import re
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client

from catalogue.models import StockRecord
from catalogue.services import set_stock
from commerce.cart.models import CartLine
from commerce.orders.models import Order, OrderStatus
from commerce.payments.models import PaymentStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def shopper(client, customer, make_address, shipping_method):
    make_address(customer)
    client.force_login(customer)
    return client


def add(client, variant, quantity):
    client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity})


def checkout_form(client):
    html = client.get("/checkout/").content.decode()
    fields = dict(re.findall(r'<input type="hidden" name="(checkout_token|reviewed_lines)"[^>]*value="([^"]*)"', html))
    token = re.search(r'name="checkout_token" value="([^"]+)"', html) or re.search(
        r'value="([^"]+)" name="checkout_token"', html
    )
    if token:
        fields["checkout_token"] = token.group(1)
    return html, fields


def post_checkout(client, customer, shipping_method, fields, **extra):
    data = {
        "email": customer.email,
        "address": customer.addresses.first().pk,
        "shipping_method": shipping_method.pk,
        "payment_method": "paypal",
        **fields,
        **extra,
    }
    return client.post("/checkout/", data)


def test_checkout_is_open_to_guests_but_asks_account_holders_to_verify_first(client, make_user, make_product):
    assert client.get("/checkout/")["Location"] == "/cart/"  # a guest with an empty cart
    unverified = make_user(verified=False)
    client.force_login(unverified)
    add(client, make_product().variants.get(), 1)
    response = client.get("/checkout/", follow=True)
    assert "verify your email" in response.content.decode()


def test_placing_an_order_snapshots_lines_takes_stock_and_empties_the_cart(
    shopper, customer, shipping_method, make_product, django_capture_on_commit_callbacks
):
    mug = make_product("Mug", variants=[("Blue", "12.50", 5)]).variants.get()
    jug = make_product("Jug", variants=[("", "20.00", 5)]).variants.get()
    add(shopper, mug, 2)
    add(shopper, jug, 1)
    _, fields = checkout_form(shopper)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_checkout(shopper, customer, shipping_method, fields)

    order = Order.objects.get()
    assert response["Location"] == f"/payments/{order.reference}/"
    assert order.status == OrderStatus.PENDING_PAYMENT
    assert order.subtotal == Decimal("45.00")
    assert order.shipping_cost == Decimal("4.90")
    assert order.total == Decimal("49.90")
    assert order.shipping_city == "Bristol"
    assert [
        (line.product_name, line.variant_label, line.sku, line.unit_price, line.quantity) for line in order.lines.all()
    ] == [
        ("Mug", "Blue", mug.sku, Decimal("12.50"), 2),
        ("Jug", "", jug.sku, Decimal("20.00"), 1),
    ]
    assert StockRecord.objects.get(variant=mug).quantity == 3
    assert StockRecord.objects.get(variant=jug).quantity == 4
    assert CartLine.objects.count() == 0
    assert order.events.get().to_status == OrderStatus.PENDING_PAYMENT
    assert order.payment.status == PaymentStatus.NONE
    assert mail.outbox[-1].to == [customer.email]
    assert order.reference in mail.outbox[-1].subject

    mug.price = Decimal("99.00")
    mug.save()
    order.refresh_from_db()
    assert order.lines.get(sku=mug.sku).unit_price == Decimal("12.50")


def test_a_double_submitted_form_places_one_order(shopper, customer, shipping_method, make_product):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    add(shopper, variant, 1)
    _, fields = checkout_form(shopper)
    first = post_checkout(shopper, customer, shipping_method, fields)
    second = post_checkout(shopper, customer, shipping_method, fields)
    assert Order.objects.count() == 1
    assert StockRecord.objects.get(variant=variant).quantity == 4
    assert first["Location"] == second["Location"] or second["Location"] == "/cart/"


def test_a_second_tab_finds_the_cart_already_ordered(shopper, customer, shipping_method, make_product):
    add(shopper, make_product(variants=[("", "10.00", 5)]).variants.get(), 1)
    _, first_tab = checkout_form(shopper)
    _, second_tab = checkout_form(shopper)
    post_checkout(shopper, customer, shipping_method, first_tab)
    response = post_checkout(shopper, customer, shipping_method, second_tab)
    assert response.status_code == 302
    assert Order.objects.count() == 1
    messages = [str(message) for message in shopper.get(response["Location"], follow=True).context["messages"]]
    assert any("it is in your order history" in message for message in messages)


def test_bank_transfer_orders_go_to_the_thank_you_page(shopper, customer, shipping_method, make_product):
    add(shopper, make_product(variants=[("", "10.00", 5)]).variants.get(), 1)
    _, fields = checkout_form(shopper)
    response = post_checkout(shopper, customer, shipping_method, fields, payment_method="bank_transfer")
    order = Order.objects.get()
    assert response["Location"] == f"/payments/{order.reference}/thank-you/"
    assert order.payment_method == "bank_transfer"
    html = shopper.get(response["Location"]).content.decode()
    assert "Thank you, your order is placed" in html
    assert order.reference in html


def test_a_price_change_after_review_is_shown_before_anything_is_bought(
    shopper, customer, shipping_method, make_product
):
    variant = make_product(variants=[("", "10.00", 5)]).variants.get()
    add(shopper, variant, 1)
    variant.price = Decimal("12.00")
    variant.save()
    html, fields = checkout_form(shopper)
    assert "changed from €10.00 to €12.00" in html
    variant.price = Decimal("14.00")
    variant.save()
    response = post_checkout(shopper, customer, shipping_method, fields)
    assert response["Location"] == "/checkout/"
    assert Order.objects.count() == 0
    assert "Prices or quantities changed" in shopper.get("/checkout/").content.decode()
    _, fields = checkout_form(shopper)
    post_checkout(shopper, customer, shipping_method, fields)
    assert Order.objects.get().subtotal == Decimal("14.00")


def test_an_order_short_of_stock_is_refused_whole(shopper, customer, shipping_method, make_product):
    plenty = make_product(variants=[("", "10.00", 9)]).variants.get()
    scarce = make_product("Scarce", variants=[("", "10.00", 2)]).variants.get()
    add(shopper, plenty, 3)
    add(shopper, scarce, 2)
    _, fields = checkout_form(shopper)
    set_stock(variant=scarce, quantity=1)
    response = post_checkout(shopper, customer, shipping_method, fields)
    assert response["Location"] == "/checkout/"
    assert Order.objects.count() == 0
    assert StockRecord.objects.get(variant=plenty).quantity == 9
    assert StockRecord.objects.get(variant=scarce).quantity == 1
    assert "Not enough stock left for: Scarce" in shopper.get("/checkout/").content.decode()


def test_a_new_address_is_saved_to_the_book_on_request(shopper, customer, shipping_method, make_product):
    add(shopper, make_product(variants=[("", "10.00", 5)]).variants.get(), 1)
    _, fields = checkout_form(shopper)
    new = {
        "new-full_name": "Chris C",
        "new-line1": "9 Quay Road",
        "new-city": "Leeds",
        "new-postcode": "LS1 1AA",
        "new-country": "United Kingdom",
    }
    post_checkout(shopper, customer, shipping_method, fields, address="", save_address="on", **new)
    assert Order.objects.get().shipping_city == "Leeds"
    assert customer.addresses.filter(city="Leeds").exists()


def test_someone_elses_saved_address_cannot_be_used(
    shopper, customer, shipping_method, make_product, make_user, make_address
):
    stranger_address = make_address(make_user(), city="Elsewhere")
    add(shopper, make_product(variants=[("", "10.00", 5)]).variants.get(), 1)
    _, fields = checkout_form(shopper)
    response = post_checkout(shopper, customer, shipping_method, fields, address=stranger_address.pk)
    assert response.status_code == 200
    assert Order.objects.count() == 0


def test_checkout_needs_a_csrf_token(customer, shipping_method, make_address, make_product):
    make_address(customer)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(customer)
    response = strict.post("/checkout/", {"email": customer.email})
    assert response.status_code == 403


def _shown(html: str, testid: str) -> str:
    return re.search(rf'data-testid="{testid}"[^>]*>([^<]+)<', html).group(1)


def test_checkout_shows_shipping_and_the_total_the_order_is_placed_for(
    shopper, customer, shipping_method, make_product
):
    from commerce.orders.models import ShippingMethod

    express = ShippingMethod.objects.create(name="Express", price=Decimal("12.00"), sort_order=5)
    add(shopper, make_product("Mug", variants=[("Blue", "12.50", 5)]).variants.get(), 2)
    html, fields = checkout_form(shopper)
    assert _shown(html, "checkout-subtotal") == "€25.00"
    assert _shown(html, "checkout-shipping") == "€4.90"
    assert _shown(html, "checkout-total") == "€29.90"
    # Every method says the total it gives, so the page is right without JavaScript.
    assert 'data-total="€37.00"' in html
    assert "total €37.00" in html
    assert "2 × Mug" in html

    response = post_checkout(shopper, customer, express, fields, email="")
    assert response.status_code == 200  # invalid: the page comes back with the chosen method's total
    assert _shown(response.content.decode(), "checkout-total") == "€37.00"
    post_checkout(shopper, customer, express, fields)
    assert Order.objects.get().total == Decimal("37.00")


def test_checkout_lines_show_the_product_thumbnail(shopper, make_product, settings, tmp_path):
    from wagtail.images.models import Image
    from wagtail.images.tests.utils import get_test_image_file

    settings.MEDIA_ROOT = str(tmp_path)
    product = make_product("Lamp")
    image = Image.objects.create(title="Lamp", file=get_test_image_file())
    ProductImage = product.gallery_images.model
    ProductImage.objects.create(product=product, image=image, alt_text="A lamp on a desk")
    add(shopper, product.variants.get(), 1)
    html, _ = checkout_form(shopper)
    assert 'alt="A lamp on a desk"' in html
    assert ".webp" in html


def test_customer_messages_name_products_without_skus_and_bank_orders_await_payment(
    shopper, customer, shipping_method, make_product
):
    variant = make_product("Mug", variants=[("Blue", "10.00", 5)]).variants.get()
    response = shopper.post("/cart/add/", {"variant": variant.pk, "quantity": 1}, follow=True)
    messages = [str(message) for message in response.context["messages"]]
    assert "Added Mug (Blue) to your cart." in messages
    assert variant.sku not in " ".join(messages)
    _, fields = checkout_form(shopper)
    post_checkout(shopper, customer, shipping_method, fields, payment_method="bank_transfer")
    html = shopper.get(f"/accounts/orders/{Order.objects.get().reference}/").content.decode()
    assert "Bank transfer · <span" in html
    assert '<span data-testid="payment-status">Awaiting payment</span>' in html
    assert "· None" not in html
