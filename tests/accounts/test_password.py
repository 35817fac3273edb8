import pytest
from django.core import mail
from django.test import Client, TestCase, override_settings

from tests.accounts.helpers import link_in_last_mail
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "quiet-meadow-lantern-42"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_changing_the_password_keeps_this_session_and_ends_the_others(customer):
    here, elsewhere = signed_in(customer), signed_in(customer)
    response = here.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert here.get("/accounts/profile/").status_code == 200
    assert elsewhere.get("/accounts/profile/")["Location"].startswith("/accounts/login/")


def test_changing_the_password_needs_the_current_one(customer):
    client = signed_in(customer)
    response = client.post(
        "/accounts/password/", {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 200
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_password_change_requires_sign_in(client):
    assert client.get("/accounts/password/")["Location"].startswith("/accounts/login/?next=/accounts/password/")


def reset_link(client, email):
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post("/accounts/password-reset/", {"email": email})
    return link_in_last_mail("/accounts/password-reset/")


def test_password_reset_by_email_sets_a_new_password_once(client, customer, home_page):
    link = reset_link(client, customer.email.upper())
    assert "Reset your" in mail.outbox[-1].subject
    assert mail.outbox[-1].alternatives
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response["Location"] == "/accounts/password-reset/done/"
    customer.refresh_from_db()
    assert customer.check_password(NEW_PASSWORD)
    assert not Client().get(link, follow=True).context["validlink"]


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client):
    response = client.post("/accounts/password-reset/", {"email": "nobody@example.com"})
    assert response["Location"] == "/accounts/password-reset/sent/"
    assert mail.outbox == []


def test_a_tampered_reset_link_is_refused(client, customer):
    link = reset_link(client, customer.email)
    tampered = link.rstrip("/")[:-3] + "zzz/"
    assert not client.get(tampered, follow=True).context["validlink"]


def test_an_expired_reset_link_is_refused(client, customer):
    link = reset_link(client, customer.email)
    with override_settings(PASSWORD_RESET_TIMEOUT=-1):
        assert not client.get(link, follow=True).context["validlink"]
