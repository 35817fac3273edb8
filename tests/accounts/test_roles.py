"""Each role reaches exactly what the role table in commerce/accounts/roles.py grants."""

import pytest
from django.contrib.auth.models import Group

from commerce.accounts.roles import AGENT, CLIENT, MANAGER
from home.models import ContentPage

pytestmark = pytest.mark.django_db


def test_the_three_roles_exist_after_migrate():
    assert set(Group.objects.values_list("name", flat=True)) >= {CLIENT, AGENT, MANAGER}


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_client_gets_no_admin(client, customer):
    client.force_login(customer)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    assert not customer.has_perm("wagtailadmin.access_admin")


def test_an_agent_reaches_the_admin_but_cannot_edit_pages(client, agent, home_page):
    client.force_login(agent)
    assert client.get("/admin/").status_code == 200
    about = ContentPage.objects.get(slug="about")
    response = client.get(f"/admin/pages/{about.pk}/edit/")
    assert response.status_code in {302, 403}
    assert response.status_code == 403 or "/admin/" in response["Location"]
    assert client.get(f"/admin/pages/{home_page.pk}/add_subpage/").status_code in {302, 403}
    assert client.get("/admin/images/").status_code in {302, 403}
    assert client.get("/admin/settings/core/storesettings/").status_code in {302, 403}


def test_an_agent_may_read_orders_and_use_live_chat_but_not_change_orders(agent):
    assert agent.has_perm("orders.view_order")
    assert not agent.has_perm("orders.change_order")
    assert not agent.has_perm("catalogue.change_productvariant")


def test_a_manager_edits_pages_images_and_store_settings(client, manager, home_page):
    client.force_login(manager)
    about = ContentPage.objects.get(slug="about")
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{about.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{home_page.pk}/add_subpage/").status_code == 200
    assert client.get("/admin/images/").status_code == 200
    assert client.get("/admin/images/multiple/add/").status_code == 200
    settings_page = client.get("/admin/settings/core/storesettings/", follow=True)
    assert settings_page.status_code == 200
    assert b"chat_enabled" in settings_page.content


def test_a_manager_publishes_a_page_edit(client, manager, home_page):
    client.force_login(manager)
    about = ContentPage.objects.get(slug="about")
    response = client.post(
        f"/admin/pages/{about.pk}/edit/",
        {
            "title": "About the shop",
            "slug": "about",
            "intro": "Changed by a manager",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302
    about.refresh_from_db()
    assert about.title == "About the shop"
    assert about.live


def test_a_manager_has_catalogue_order_and_customer_permissions(manager):
    for perm in ["catalogue.change_category", "orders.change_order", "accounts.view_user", "core.change_storesettings"]:
        assert manager.has_perm(perm), perm
    assert not manager.has_perm("accounts.delete_user")
    assert not manager.has_perm("auth.change_group")


def test_role_permissions_are_restored_by_migrate(manager):
    from commerce.accounts.roles import sync_role_permissions

    group = Group.objects.get(name=MANAGER)
    group.permissions.clear()
    sync_role_permissions()
    assert group.permissions.filter(codename="change_storesettings").exists()


def test_an_agent_sees_no_snippets_or_settings_but_a_manager_does(client, agent, manager, home_page):
    client.force_login(agent)
    for url in ["/admin/snippets/", "/admin/snippets/catalogue/category/", "/admin/settings/core/storesettings/"]:
        assert client.get(url).status_code in {302, 403}, url
    menu = client.get("/admin/").content.decode()
    assert "/admin/settings/core/storesettings/" not in menu
    client.force_login(manager)
    assert client.get("/admin/snippets/catalogue/category/").status_code == 200
    assert client.get("/admin/settings/core/storesettings/", follow=True).status_code == 200


def test_a_client_cannot_reach_any_admin_screen(client, customer):
    client.force_login(customer)
    for url in ["/admin/pages/", "/admin/images/", "/admin/snippets/", "/admin/customers/", "/admin/users/"]:
        response = client.get(url)
        assert response.status_code in {302, 403}, url
        assert response.status_code == 403 or "/admin/login/" in response["Location"], url
