"""Query budgets: a catalogue page costs at most 8 queries, and placing an order a fixed number
(at most 30), whatever the size of the catalogue or of the order.

Renders are measured, never pages served from the page cache: the cache is on (so the site-wide
data every render reads, such as store settings and the menu, is shared as in production), but the
visitor carries a cookie, and pages are neither served to nor stored for visitors with cookies
unless they are anonymous without a session."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from catalogue.models import ProductImage
from commerce.cart.selectors import cart_rows, rows_fingerprint
from commerce.cart.services import add_to_cart, cart_for
from commerce.orders.models import PaymentMethod
from commerce.orders.services import place_order

pytestmark = pytest.mark.django_db

PAGE_BUDGET = 8
ORDER_BUDGET = 30
PAGES = ["/", "/shop/", "/shop/category/kitchen/", "/shop/?q=mug", "/shop/?sort=price_asc&in_stock=on", "product"]


def add_products(make_product, kitchen, image, count, start=0):
    products = []
    for number in range(start, start + count):
        product = make_product(
            f"Mug {number}",
            variants=[("S", "10.00", 5), ("M", "11.00", 0), ("L", "12.00", 3)],
            categories=[kitchen],
            featured=True,
        )
        ProductImage.objects.create(product=product, image=image, sort_order=0)
        products.append(product)
    return products


def page_queries(products) -> dict[str, int]:
    client = Client()
    client.cookies["returning"] = "1"  # rendered every time, never stored (core/pagecache.py)
    counts = {}
    for page in PAGES:
        url = products[0].url if page == "product" else page
        client.get(url)  # renditions are generated once, on the first view
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response
        counts[page] = len(captured.captured_queries)
    return counts


@pytest.fixture
def catalogue(make_product, make_category, page_cache):
    kitchen = make_category("Kitchen")
    image = Image.objects.create(title="Mug", file=get_test_image_file())
    return kitchen, image, add_products(make_product, kitchen, image, 3)


@pytest.fixture(params=["cards kept", "no card kept"])
def cards(request, monkeypatch):
    """Renders with every product card kept from an earlier render (catalogue.cards), and renders
    that read what every card shows."""
    if request.param == "no card kept":
        from catalogue import cards

        monkeypatch.setattr(cards, "shared_many", lambda names, compute: compute(names) if names else {})
    return request.param


def test_catalogue_pages_cost_at_most_eight_queries_whatever_the_catalogue_size(catalogue, cards, make_product):
    kitchen, image, products = catalogue
    small = page_queries(products)
    add_products(make_product, kitchen, image, 40, start=3)
    large = page_queries(products)
    assert large == small
    assert max(large.values()) <= PAGE_BUDGET, large


def order_queries(customer, make_product, shipping_method, address, lines: int, token: str) -> int:
    cart = cart_for(user=customer, session={}, create=True)
    for _ in range(lines):
        variant = make_product(variants=[("", "10.00", 5)]).variants.get()
        add_to_cart(cart=cart, variant_id=variant.pk, quantity=2)
    reviewed = rows_fingerprint(cart_rows(cart))
    with CaptureQueriesContext(connection) as captured:
        place_order(
            cart=cart,
            user=customer,
            email=customer.email,
            address=address,
            shipping_method=shipping_method,
            payment_method=PaymentMethod.BANK_TRANSFER,
            checkout_token=token,
            reviewed_lines=reviewed,
        )
    return len(captured.captured_queries)


def test_placing_an_order_costs_the_same_whatever_its_lines(customer, make_product, shipping_method, make_address):
    address = make_address(customer)
    order_queries(customer, make_product, shipping_method, address, 1, "warm-up")  # content types cached once
    one = order_queries(customer, make_product, shipping_method, address, 1, "form-1")
    ten = order_queries(customer, make_product, shipping_method, address, 10, "form-2")
    assert ten == one
    assert ten <= ORDER_BUDGET, ten
