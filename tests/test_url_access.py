"""Every URL of the shop and the admin, walked from the URLconf, for every kind of visitor.

Nobody gets a server error; the admin lets in staff only; a customer's own objects (orders,
addresses, cart lines, payments) are a 404 for another customer and a sign-in redirect (or a 404)
for a visitor. GET only: every write is a POST behind CSRF and is covered by each app's tests.
"""

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from commerce.accounts.roles import AGENT, MANAGER

pytestmark = pytest.mark.django_db

# Wagtail's own page for trying out the server error page (staff only).
DELIBERATE_ERRORS = {"/admin/failwhale/"}
OWNED = {"address_id", "reference", "line_id"}
PUBLIC_ADMIN = re.compile(r"^/admin/(login|logout|password_reset|jsi18n|sprite)/")  # the sign-in page and its assets


def walk(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


def fill(pattern: str, values: dict) -> str | None:
    """A concrete path for a pattern; None for regex patterns this cannot fill."""
    if pattern.startswith("^") or "(?P<" in pattern:
        return None

    def value(match):
        converter, name = match.group(1) or "str", match.group(2)
        if name in values:
            return str(values[name])
        if name == "pk" or name.endswith("_id") or name == "id":
            return "999999"  # a row that does not exist
        return {"int": "1", "uuid": str(uuid.uuid4()), "path": "x/y", "slug": "x"}.get(converter, "x")

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", value, pattern)


@pytest.fixture
def world(make_user, make_order, make_product, make_address, home_page):
    owner = make_user()
    address = make_address(owner)
    order = make_order(owner, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])
    from commerce.cart.services import add_to_cart, cart_for

    cart = cart_for(user=owner, session={}, create=True)
    add_to_cart(cart=cart, variant_id=make_product(variants=[("", "3.00", 5)]).variants.get().pk, quantity=1)
    values = {"address_id": address.pk, "reference": order.reference, "line_id": cart.lines.get().pk}
    paths = sorted({path for pattern in walk() if (path := fill(pattern, values)) and path not in DELIBERATE_ERRORS})
    owned = {
        path
        for pattern in walk()
        if OWNED & set(re.findall(r"<(?:\w+:)?(\w+)>", pattern))
        for path in [fill(pattern, values)]
        if path
    }
    # The walk really found the admin and every owned object's pages.
    assert len(paths) > 200, len(paths)
    assert len(owned) >= 8, sorted(owned)
    return {
        "owner": owner,
        "other": make_user(),
        "agent": make_user(AGENT),
        "manager": make_user(MANAGER),
        "paths": paths,
        "owned": owned,
    }


def client_for(user):
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def statuses(client, paths):
    return {path: client.get(path).status_code for path in paths}


@pytest.mark.parametrize("who", ["anonymous", "owner", "other", "agent", "manager"])
def test_no_url_fails_and_each_visitor_reaches_only_what_is_theirs(world, who):
    user = None if who == "anonymous" else world[who]
    seen = statuses(client_for(user), world["paths"])
    errors = {path: status for path, status in seen.items() if status >= 500}
    assert errors == {}, errors

    admin = [p for p in seen if p.startswith("/admin/") and not PUBLIC_ADMIN.match(p)]
    if who in {"anonymous", "owner", "other"}:
        let_in = {p: seen[p] for p in admin if seen[p] == 200}
        assert let_in == {}, f"{who} reached admin pages"
    if who == "other":
        leaked = {p: seen[p] for p in world["owned"] if seen[p] not in {404, 405}}
        assert leaked == {}, "another customer's objects must be a 404"
    if who == "anonymous":
        leaked = {p: seen[p] for p in world["owned"] if seen[p] not in {302, 404, 405}}
        assert leaked == {}, "a visitor must be sent to sign in (or get a 404)"
