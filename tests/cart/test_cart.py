import pytest
from django.test import Client, override_settings

from catalogue.services import set_stock
from commerce.cart.models import Cart, CartLine

pytestmark = pytest.mark.django_db


def add(client, variant, quantity=1, **headers):
    return client.post("/cart/add/", {"variant": variant.pk, "quantity": quantity}, **headers)


def lines(cart=None):
    return {line.variant_id: line.quantity for line in (cart.lines.all() if cart else CartLine.objects.all())}


def test_anonymous_visitor_fills_a_cart_kept_in_the_database(client, make_product):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    response = add(client, variant, 2)
    assert response.status_code == 302
    cart = Cart.objects.get(pk=client.session["cart_id"])
    assert cart.user is None
    assert lines(cart) == {variant.pk: 2}
    add(client, variant, 3)
    assert lines(cart) == {variant.pk: 5}


def test_cart_page_recalculates_from_current_prices(client, make_product):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    add(client, variant, 2)
    variant.price = "15.00"
    variant.save()
    html = client.get("/cart/").content.decode()
    assert "€30.00" in html
    assert "The price changed from €12.00" in html


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "at least 1"),
        ("-3", "at least 1"),
        ("1.5", "whole number"),
        ("two", "whole number"),
        ("", "whole number"),
        ("100", "at most 99"),
        ("99999999999999999999", "at most 99"),
        ("11", "Only 10"),
    ],
)
def test_every_bad_quantity_is_refused_with_a_reason(client, make_product, quantity, message):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    response = add(client, variant, quantity, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert message in response.json()["message"]
    assert CartLine.objects.count() == 0


def test_sold_out_and_unknown_variants_are_refused(client, make_product):
    sold_out = make_product(variants=[("", "12.00", 0)]).variants.get()
    assert "sold out" in add(client, sold_out, HTTP_ACCEPT="application/json").json()["message"]
    response = client.post("/cart/add/", {"variant": "999999", "quantity": 1}, HTTP_ACCEPT="application/json")
    assert "no longer available" in response.json()["message"]
    response = client.post("/cart/add/", {"variant": "abc", "quantity": 1}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert CartLine.objects.count() == 0


def test_adding_more_than_stock_across_two_adds_is_refused(client, make_product):
    variant = make_product(variants=[("", "12.00", 3)]).variants.get()
    add(client, variant, 2)
    response = add(client, variant, 2, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert "Only 3" in response.json()["message"]
    assert lines() == {variant.pk: 2}


def test_refusal_without_javascript_is_a_flash_message(client, make_product):
    variant = make_product(variants=[("", "12.00", 3)]).variants.get()
    response = add(client, variant, 50, HTTP_REFERER=variant.product.url)
    assert response.status_code == 302
    assert response["Location"] == variant.product.url
    page = client.get(response["Location"])
    assert "Only 3" in page.content.decode()


def test_change_quantity_and_remove(client, make_product):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    add(client, variant, 1)
    line = CartLine.objects.get()
    client.post(f"/cart/lines/{line.pk}/", {"quantity": 4})
    assert lines() == {variant.pk: 4}
    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": 0}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert lines() == {variant.pk: 4}
    client.post(f"/cart/lines/{line.pk}/remove/")
    assert lines() == {}


def test_someone_elses_cart_line_cannot_be_changed(client, make_product):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    other = Client()
    add(other, variant, 1)
    line = CartLine.objects.get()
    add(client, variant, 1)
    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": 5}, HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    client.post(f"/cart/lines/{line.pk}/remove/")
    assert CartLine.objects.get(pk=line.pk).quantity == 1


def test_anonymous_cart_merges_into_the_account_at_login(client, customer, make_product):
    from tests.fixtures.accounts import PASSWORD

    mug = make_product("Mug", variants=[("", "8.00", 5)]).variants.get()
    jug = make_product("Jug", variants=[("", "9.00", 5)]).variants.get()
    account_cart = Cart.objects.create(user=customer)
    CartLine.objects.create(cart=account_cart, variant=mug, quantity=3, seen_price=mug.price)
    add(client, mug, 4)
    add(client, jug, 1)
    assert client.login(email=customer.email, password=PASSWORD)
    client.get("/cart/")
    assert lines(account_cart) == {mug.pk: 5, jug.pk: 1}  # 3 + 4 capped at the 5 in stock
    assert Cart.objects.count() == 1


def test_signed_in_cart_survives_a_new_session(client, customer, make_product):
    variant = make_product(variants=[("", "12.00", 10)]).variants.get()
    client.force_login(customer)
    add(client, variant, 2)
    fresh = Client()
    fresh.force_login(customer)
    assert "€24.00" in fresh.get("/cart/").content.decode()


def test_summary_is_private_and_never_cached(client, make_product):
    variant = make_product(variants=[("", "12.50", 10)]).variants.get()
    add(client, variant, 2)
    response = client.get("/cart/summary/")
    assert response.json() == {"count": 2, "subtotal": "25.00"}
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_anonymous_pages_carry_no_cart_figure(client, make_product):
    variant = make_product(variants=[("", "12.50", 10)]).variants.get()
    add(client, variant, 7)
    html = client.get("/shop/").content.decode()
    assert "data-cart-count" in html
    badge = html[html.index("data-cart-count") :][:120]
    assert ">7<" not in badge


def test_signed_in_header_shows_the_count(client, customer, make_product):
    variant = make_product(variants=[("", "12.50", 10)]).variants.get()
    client.force_login(customer)
    add(client, variant, 7)
    html = client.get("/about/").content.decode()
    assert ">7</span>" in html


@override_settings(CART_MAX_QUANTITY_PER_LINE=5)
def test_the_per_line_cap_comes_from_settings(client, make_product):
    variant = make_product(variants=[("", "12.50", 50)]).variants.get()
    response = add(client, variant, 6, HTTP_ACCEPT="application/json")
    assert "at most 5" in response.json()["message"]


def test_stock_falling_below_the_cart_is_shown(client, make_product):
    variant = make_product(variants=[("", "12.50", 10)]).variants.get()
    add(client, variant, 4)
    set_stock(variant=variant, quantity=2)
    assert "Only 2 left" in client.get("/cart/").content.decode()


def test_cart_forms_need_a_csrf_token(make_product):
    variant = make_product(variants=[("", "12.50", 10)]).variants.get()
    strict = Client(enforce_csrf_checks=True)
    assert strict.post("/cart/add/", {"variant": variant.pk, "quantity": 1}).status_code == 403
    assert CartLine.objects.count() == 0
