import pytest
from django.test import Client

from commerce.accounts.models import User
from commerce.accounts.roles import MANAGER
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def admin_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_manager_lists_searches_and_filters_customers(manager, make_user):
    make_user(first_name="Zoe", last_name="Zebra", email="zoe@example.com", verified=False)
    make_user(first_name="Yan", email="yan@example.com")
    client = admin_client(manager)

    listing = client.get("/admin/customers/")
    assert listing.status_code == 200
    assert "zoe@example.com" in listing.content.decode()
    assert manager.email not in listing.content.decode()  # colleagues are not customers

    assert "yan@example.com" not in client.get("/admin/customers/?q=zebra").content.decode()
    assert "zoe@example.com" in client.get("/admin/customers/?q=ZEBRA").content.decode()
    unverified = client.get("/admin/customers/?email_verified=false").content.decode()
    assert "zoe@example.com" in unverified
    assert "yan@example.com" not in unverified


def test_a_manager_deactivates_a_customer_who_then_cannot_sign_in(manager, customer):
    client = admin_client(manager)
    assert client.get(f"/admin/customers/edit/{customer.pk}/").status_code == 200
    response = client.post(f"/admin/customers/edit/{customer.pk}/", {})
    assert response.status_code == 302
    customer.refresh_from_db()
    assert not customer.is_active
    assert not Client().login(email=customer.email, password=PASSWORD)


def test_a_manager_cannot_edit_staff_accounts_through_customers(manager, agent):
    client = admin_client(manager)
    assert client.get(f"/admin/customers/edit/{agent.pk}/").status_code in {302, 403}
    client.post(f"/admin/customers/edit/{agent.pk}/", {})
    agent.refresh_from_db()
    assert agent.is_active


def test_the_customers_admin_has_no_add_or_delete(manager, customer):
    client = admin_client(manager)
    assert client.get("/admin/customers/add/").status_code == 404
    assert client.get(f"/admin/customers/delete/{customer.pk}/").status_code == 404


def test_an_agent_can_neither_list_nor_change_customers(agent, customer):
    client = admin_client(agent)
    assert client.get("/admin/customers/").status_code == 302
    client.post(f"/admin/customers/edit/{customer.pk}/", {})
    customer.refresh_from_db()
    assert customer.is_active


def test_a_client_cannot_reach_the_customers_admin(customer):
    response = admin_client(customer).get("/admin/customers/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_a_manager_cannot_use_wagtails_users_or_groups_admin(manager, customer):
    client = admin_client(manager)
    for url in [
        "/admin/users/",
        "/admin/users/new/",
        f"/admin/users/edit/{customer.pk}/",
        f"/admin/users/edit/{manager.pk}/",
        f"/admin/users/delete/{customer.pk}/",
        "/admin/groups/",
        "/admin/groups/new/",
    ]:
        assert client.get(url).status_code in {302, 403}, url


def test_a_manager_cannot_promote_anyone_through_wagtails_user_editor(manager, customer):
    from django.contrib.auth.models import Group

    client = admin_client(manager)
    manager_group = Group.objects.get(name=MANAGER)
    client.post(
        f"/admin/users/edit/{customer.pk}/",
        {"email": customer.email, "first_name": "X", "last_name": "Y", "groups": [manager_group.pk], "is_active": "on"},
    )
    client.post(f"/admin/bulk/accounts/user/assign_role/?id={customer.pk}", {"role": manager_group.pk})
    customer.refresh_from_db()
    assert not customer.has_role(MANAGER)
    assert not customer.is_superuser


def test_a_manager_cannot_reset_a_superusers_password(manager):
    root = User.objects.create_superuser(email="root@example.com", password=PASSWORD)
    admin_client(manager).post(
        f"/admin/users/edit/{root.pk}/",
        {"email": root.email, "password1": "taken-over-123", "password2": "taken-over-123", "is_active": "on"},
    )
    root.refresh_from_db()
    assert root.check_password(PASSWORD)


def test_the_settings_menu_hides_users_and_groups_from_managers(manager):
    page = admin_client(manager).get("/admin/").content.decode()
    assert "/admin/users/" not in page
    assert "/admin/groups/" not in page
    assert "/admin/customers/" in page


def test_a_superuser_still_manages_users_and_groups(customer):
    from django.contrib.auth.models import Group

    root = User.objects.create_superuser(email="root@example.com", password=PASSWORD)
    client = admin_client(root)
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/groups/").status_code == 200
    assert client.get(f"/admin/users/edit/{customer.pk}/").status_code == 200
    # The same bulk request a Manager is refused works for a superuser, so that refusal is real.
    manager_group = Group.objects.get(name=MANAGER)
    client.post(f"/admin/bulk/accounts/user/assign_role/?id={customer.pk}", {"role": manager_group.pk})
    assert customer.has_role(MANAGER)


def test_deactivating_a_customer_ends_their_open_sessions(manager, customer):
    shopper = admin_client(customer)
    assert shopper.get("/accounts/profile/").status_code == 200
    admin_client(manager).post(f"/admin/customers/edit/{customer.pk}/", {})
    assert shopper.get("/accounts/profile/")["Location"].startswith("/accounts/login/")
