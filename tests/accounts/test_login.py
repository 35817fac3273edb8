import pytest
from django.test import Client, override_settings

from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password, **extra})


def test_login_is_case_insensitive_and_rotates_the_session_key(client, customer):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    response = login(client, customer.email.upper())
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(customer.pk)
    assert client.session.session_key != before


def test_login_honours_a_safe_next_and_ignores_an_offsite_one(client, customer):
    assert login(client, customer.email, next="/accounts/addresses/")["Location"] == "/accounts/addresses/"
    client.logout()
    assert login(client, customer.email, next="https://evil.example/")["Location"] == "/"


def test_a_wrong_password_shows_a_clear_error(client, customer):
    response = login(client, customer.email, "wrong-password")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=3)
def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(client, customer):
    for _ in range(3):
        login(client, customer.email, "wrong-password")
    response = login(client, customer.email)
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=3)
def test_the_lock_binds_the_guessing_address_not_the_account(customer):
    for _ in range(3):
        login(Client(REMOTE_ADDR="10.0.0.1"), customer.email, "wrong-password")
    assert "Too many failed" in login(Client(REMOTE_ADDR="10.0.0.1"), customer.email).content.decode()
    assert login(Client(REMOTE_ADDR="10.0.0.2"), customer.email).status_code == 302


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=100, ACCOUNTS_LOGIN_FAILURES_PER_IP=4)
def test_an_address_is_locked_after_failures_across_many_accounts(make_user):
    attacker = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(4):
        login(attacker, f"guess{n}@example.com", "wrong-password")
    victim = make_user()
    assert "Too many failed" in login(attacker, victim.email).content.decode()
    assert login(Client(REMOTE_ADDR="10.1.1.1"), victim.email).status_code == 302


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=3)
def test_a_successful_login_clears_the_account_failure_count(client, customer):
    login(client, customer.email, "wrong-password")
    login(client, customer.email, "wrong-password")
    assert login(client, customer.email).status_code == 302
    client.logout()
    login(client, customer.email, "wrong-password")
    login(client, customer.email, "wrong-password")
    assert login(client, customer.email).status_code == 302


def test_an_inactive_account_cannot_sign_in(client, make_user):
    user = make_user(is_active=False)
    assert login(client, user.email).status_code == 200
    assert "_auth_user_id" not in client.session


def test_test_client_login_still_works_with_email_and_password(client, customer):
    assert client.login(email=customer.email, password=PASSWORD)
    assert client.login(username=customer.email, password=PASSWORD)


def test_logout_is_post_only(client, customer):
    client.force_login(customer)
    assert client.get("/accounts/logout/").status_code == 405
    assert "_auth_user_id" in client.session
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=3)
def test_the_wagtail_admin_login_is_throttled_too(client, manager):
    for _ in range(3):
        client.post("/admin/login/", {"username": manager.email, "password": "wrong-password"})
    client.post("/admin/login/", {"username": manager.email, "password": PASSWORD})
    assert "_auth_user_id" not in client.session
    assert "Too many failed" in login(Client(), manager.email).content.decode()


@override_settings(ACCOUNTS_LOGIN_FAILURES_PER_PAIR=3)
def test_the_wagtail_admin_login_works_below_the_limit(client, manager):
    client.post("/admin/login/", {"username": manager.email, "password": "wrong-password"})
    assert client.post("/admin/login/", {"username": manager.email, "password": PASSWORD}).status_code == 302
    assert client.session["_auth_user_id"] == str(manager.pk)
