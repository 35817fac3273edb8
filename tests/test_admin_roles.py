"""Who may open which of the shop's admin screens, and no admin URL of ours answers 5xx for any role."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from catalogue.models import StockRecord
from commerce.orders.models import Order

pytestmark = pytest.mark.django_db

ALLOWED, REFUSED = "allowed", "refused"
A, R = ALLOWED, REFUSED

# (url name, needs an object: "order", "payment", "stock" or None) -> expected for Manager, Agent, Client
ROLE_TABLE = [
    ("orders:index", None, A, A, R),
    ("orders:inspect", "order", A, A, R),
    ("orders:edit", "order", A, R, R),
    ("orders:note", "order", A, R, R),
    ("orders:invoice", "order", A, A, R),
    ("orders:packing_slip", "order", A, A, R),
    ("orders:add", None, R, R, R),
    ("orders:delete", "order", R, R, R),
    ("shipping-methods:index", None, A, A, R),
    ("payments_admin:index", None, A, A, R),
    ("payments_admin:inspect", "payment", A, A, R),
    ("payments_admin:edit", "payment", A, R, R),
    ("payments_admin:add", None, R, R, R),
    ("payments_admin:delete", "payment", R, R, R),
    ("inventory:index", None, A, R, R),
    ("inventory:edit", "stock", A, R, R),
    ("inventory:add", None, R, R, R),
    ("inventory:delete", "stock", R, R, R),
    ("orders_sales_report", None, A, R, R),
    ("orders_top_products_report", None, A, R, R),
    ("customers:index", None, A, R, R),
    ("customers:inspect", "customer", A, R, R),
    ("customers:edit", "customer", A, R, R),
    ("products:index", None, A, R, R),
    ("livechat_panel", None, A, A, R),
    ("wagtailadmin_home", None, A, A, R),
    ("wagtailsnippets_discounts_discountcode:list", None, A, R, R),
    ("wagtailsnippets_discounts_discountcode:add", None, A, R, R),
    ("discount_uses:index", None, A, R, R),
    ("wagtailredirects:index", None, A, R, R),
    ("wagtailredirects:add", None, A, R, R),
    ("wagtailsearchpromotions:index", None, A, R, R),
    ("wagtailsearchpromotions:add", None, A, R, R),
]


@pytest.fixture
def objects(customer, make_product, make_order):
    order = make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])
    return {
        "order": order.pk,
        "payment": order.payment.pk,
        "stock": StockRecord.objects.get(variant=order.lines.get().variant).pk,
        "customer": customer.pk,
    }


def outcome(response) -> str:
    assert response.status_code < 500, response
    if response.status_code == 200:
        return ALLOWED
    assert response.status_code in (302, 403), response.status_code
    return REFUSED


@pytest.mark.parametrize(("url_name", "needs", "manager_can", "agent_can", "client_can"), ROLE_TABLE)
def test_role_by_admin_view(
    client, manager, agent, customer, objects, url_name, needs, manager_can, agent_can, client_can
):
    url = reverse(url_name, args=[objects[needs]] if needs else [])
    for user, expected in ((manager, manager_can), (agent, agent_can), (customer, client_can)):
        client.force_login(user)
        assert outcome(client.get(url)) == expected, (user.email, url)


def test_nothing_is_deleted_or_created_by_posting_to_the_refused_views(client, manager, objects):
    client.force_login(manager)
    for name, key in (("orders:delete", "order"), ("payments_admin:delete", "payment"), ("inventory:delete", "stock")):
        outcome(client.post(reverse(name, args=[objects[key]])))
    assert Order.objects.filter(pk=objects["order"]).exists()
    assert StockRecord.objects.filter(pk=objects["stock"]).exists()
    orders, stock = Order.objects.count(), StockRecord.objects.count()
    outcome(client.post(reverse("orders:add"), {"email": "x@example.com"}))
    outcome(client.post(reverse("inventory:add"), {"quantity": "3"}))
    assert (Order.objects.count(), StockRecord.objects.count()) == (orders, stock)


OUR_NAMESPACES = {
    "orders",
    "shipping-methods",
    "payments_admin",
    "inventory",
    "customers",
    "products",
    "wagtailsnippets_reviews_review",
    "wagtailsnippets_catalogue_category",
    "wagtailsnippets_discounts_discountcode",
    "discount_uses",
}
OUR_NAMES = {"livechat_panel", "orders_sales_report", "orders_top_products_report"}


def our_admin_urls(objects):
    """Every GET-able admin URL our apps register (viewsets, reports, panels), with a real object id."""

    def walk(patterns, namespace=None):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern) and pattern.name:
                yield namespace, pattern.name

    ids = {
        "orders": objects["order"],
        "payments_admin": objects["payment"],
        "inventory": objects["stock"],
        "customers": objects["customer"],
    }
    for namespace, name in set(walk(get_resolver().url_patterns)):
        if namespace not in OUR_NAMESPACES and name not in OUR_NAMES:
            continue
        full = f"{namespace}:{name}" if namespace in OUR_NAMESPACES else name
        for args in ([], [ids.get(namespace, 1)]):
            try:
                yield reverse(full, args=args)
                break
            except Exception:  # noqa: S112 - try without, then with an id
                continue


def test_no_admin_url_of_ours_answers_5xx_for_any_role(client, manager, agent, customer, objects):
    urls = sorted(set(our_admin_urls(objects)))
    assert len(urls) > 20
    for user in (manager, agent, customer):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code < 500, (user.email, url)
