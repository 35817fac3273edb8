import pytest

from commerce.orders.settlement import mark_order_paid

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(customer, make_product, make_order):
    return make_order(customer, [(make_product("Mug", variants=[("", "10.00", 5)]).variants.get(), 1)])


def test_history_lists_only_my_orders(client, customer, order, make_user, make_order, make_product):
    other = make_order(make_user(), [(make_product(variants=[("", "5.00", 5)]).variants.get(), 1)])
    client.force_login(customer)
    html = client.get("/accounts/orders/").content.decode()
    assert order.reference in html
    assert other.reference not in html


def test_order_page_shows_lines_totals_address_and_timeline(client, customer, order, manager):
    mark_order_paid(order=order, note="PayPal")
    client.force_login(customer)
    html = client.get(f"/accounts/orders/{order.reference}/").content.decode()
    assert "Mug" in html
    assert "€14.90" in html
    assert "Bristol" in html
    assert "Awaiting payment" in html
    assert "Paid" in html


def test_another_customers_order_is_not_found(client, order, make_user):
    client.force_login(make_user())
    assert client.get(f"/accounts/orders/{order.reference}/").status_code == 404
    assert client.get("/accounts/orders/NOSUCHORDER1/").status_code == 404


def test_order_pages_need_a_signed_in_owner(client, order):
    assert client.get(f"/accounts/orders/{order.reference}/")["Location"].startswith("/accounts/login/")


def test_order_references_are_random_and_unguessable(customer, make_product, make_order):
    variant = make_product(variants=[("", "1.00", 50)]).variants.get()
    references = {make_order(customer, [(variant, 1)], token=f"t{n}").reference for n in range(5)}
    assert len(references) == 5
    assert all(len(reference) == 12 and reference.isalnum() for reference in references)
