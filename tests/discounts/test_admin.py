"""Managers run promotions in the admin: discount codes, redirects and search promotions."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.search_promotions.models import SearchPromotion

from commerce.discounts.models import DiscountCode, Redemption

pytestmark = pytest.mark.django_db


def test_a_manager_creates_a_discount_code_in_the_admin(client, manager, make_category):
    books = make_category("Books")
    client.force_login(manager)
    response = client.post(
        "/admin/snippets/discounts/discountcode/add/",
        {
            "code": "books5",
            "is_active": "on",
            "description": "Five off books",
            "kind": "fixed",
            "value": "5.00",
            "categories": [books.pk],
            "minimum_order_value": "20.00",
            "valid_from": "",
            "valid_until": "",
            "usage_limit": "100",
            "usage_limit_per_customer": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    code = DiscountCode.objects.get()
    assert (code.code, code.value, code.usage_limit) == ("BOOKS5", Decimal("5.00"), 100)
    assert list(code.categories.all()) == [books]
    listing = client.get("/admin/snippets/discounts/discountcode/").content.decode()
    assert "BOOKS5" in listing


def test_a_managers_code_usage_is_read_only(manager):
    assert manager.has_perm("discounts.change_discountcode")
    assert manager.has_perm("discounts.view_redemption")
    assert not manager.has_perm("discounts.add_redemption")
    assert not manager.has_perm("discounts.delete_redemption")
    assert Permission.objects.filter(codename="change_discountcode").exists()


def test_a_manager_adds_a_redirect_that_the_site_follows(client, manager, home_page):
    client.force_login(manager)
    response = client.post(
        "/admin/redirects/add/",
        {"old_path": "/spring", "site": "", "is_permanent": "on", "redirect_page": home_page.pk, "redirect_link": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Redirect.objects.get().old_path == "/spring"
    client.logout()
    assert client.get("/spring")["Location"] == home_page.url


def test_a_manager_promotes_a_page_for_a_search(client, manager, home_page, make_product):
    client.force_login(manager)
    response = client.post(
        "/admin/searchpicks/add/",
        {
            "query_string": "garden",
            "editors_picks-TOTAL_FORMS": "1",
            "editors_picks-INITIAL_FORMS": "0",
            "editors_picks-MIN_NUM_FORMS": "0",
            "editors_picks-MAX_NUM_FORMS": "1000",
            "editors_picks-0-page": home_page.pk,
            "editors_picks-0-description": "Our garden landing page",
            "editors_picks-0-ORDER": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SearchPromotion.objects.get().query.query_string == "garden"

    # Shoppers searching for it see the promoted page above the results.
    make_product("Brass lamp")  # the shop page
    shopper = Client()
    promoted = shopper.get("/shop/?q=Garden").content.decode()
    assert 'data-testid="search-promotions"' in promoted
    assert "Our garden landing page" in promoted
    assert 'data-testid="search-promotions"' not in shopper.get("/shop/?q=lamp").content.decode()


def test_the_order_in_the_admin_shows_its_code_and_discount(
    client, manager, customer, make_product, make_code, checkout_with_code
):
    make_code("SAVE10", value="10")
    variant = make_product(variants=[("", "30.00", 5)]).variants.get()
    order = checkout_with_code(customer, [(variant, 1)], code="SAVE10")
    client.force_login(manager)
    html = client.get(f"/admin/orders/inspect/{order.pk}/").content.decode()
    assert "Discount code SAVE10" in html
    assert "3.00" in html


def test_a_used_code_cannot_be_deleted_only_switched_off(
    client, manager, customer, make_product, make_code, checkout_with_code
):
    code = make_code("USED")
    checkout_with_code(customer, [(make_product().variants.get(), 1)], code="USED")
    client.force_login(manager)
    response = client.post(f"/admin/snippets/discounts/discountcode/delete/{code.pk}/")
    assert response.status_code < 500
    assert DiscountCode.objects.filter(pk=code.pk).exists()


def test_a_manager_sees_which_orders_used_a_code_but_cannot_change_them(
    client, manager, agent, customer, make_product, make_code, checkout_with_code
):
    make_code("SAVE10")
    order = checkout_with_code(customer, [(make_product().variants.get(), 1)], code="SAVE10")
    client.force_login(manager)
    listing = client.get("/admin/discount_uses/")
    assert listing.status_code == 200
    assert order.reference in listing.content.decode()
    redemption = order.redemption
    assert client.get(f"/admin/discount_uses/edit/{redemption.pk}/").status_code in (302, 403)
    assert client.post(f"/admin/discount_uses/delete/{redemption.pk}/").status_code in (302, 403)
    assert Redemption.objects.filter(pk=redemption.pk).exists()
    client.force_login(agent)
    assert client.get("/admin/discount_uses/").status_code in (302, 403)
