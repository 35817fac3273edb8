import pytest
from django.core import mail
from django.test import Client, override_settings

from commerce.accounts.tokens import email_change_token
from tests.accounts.helpers import link_in_last_mail

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(customer):
    client = Client()
    client.force_login(customer)
    return client


def profile_data(user, **overrides):
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "phone": user.phone,
        "email": user.email,
        **overrides,
    }


def test_profile_requires_sign_in(client):
    assert client.get("/accounts/profile/")["Location"] == "/accounts/login/?next=/accounts/profile/"


def test_profile_saves_name_and_phone(signed_in, customer):
    response = signed_in.post(
        "/accounts/profile/", profile_data(customer, first_name="Christa", phone="+44 20 7946 0000")
    )
    assert response.status_code == 302
    customer.refresh_from_db()
    assert (customer.first_name, customer.phone) == ("Christa", "+44 20 7946 0000")
    assert mail.outbox == []


def test_email_change_takes_effect_only_after_the_new_address_confirms(
    signed_in, customer, home_page, django_capture_on_commit_callbacks
):
    old_email = customer.email
    with django_capture_on_commit_callbacks(execute=True):
        signed_in.post("/accounts/profile/", profile_data(customer, email="Moved@Example.com"))
    customer.refresh_from_db()
    assert customer.email == old_email
    assert mail.outbox[-1].to == ["moved@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in.get(link_in_last_mail("/accounts/email/confirm/"))
    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.email == "moved@example.com"
    assert customer.email_verified
    assert signed_in.get("/accounts/profile/").status_code == 200
    notice = mail.outbox[-1]
    assert notice.to == [old_email]
    assert "moved@example.com" in notice.body


def test_following_an_email_change_link_twice_changes_nothing_more(client, customer):
    token = email_change_token(customer, "once@example.com")
    assert client.get(f"/accounts/email/confirm/{token}/").status_code == 302
    sent = len(mail.outbox)
    assert client.get(f"/accounts/email/confirm/{token}/").status_code == 400
    assert len(mail.outbox) == sent
    customer.refresh_from_db()
    assert customer.email == "once@example.com"


def test_a_replayed_email_change_link_changes_nothing(client, customer):
    first = email_change_token(customer, "first@example.com")
    assert client.get(f"/accounts/email/confirm/{first}/").status_code == 302
    customer.refresh_from_db()
    second = email_change_token(customer, "second@example.com")
    assert client.get(f"/accounts/email/confirm/{second}/").status_code == 302
    customer.refresh_from_db()
    customer.set_password("a-new-Password-2026")
    customer.save()

    assert client.get(f"/accounts/email/confirm/{first}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email == "second@example.com"


def test_changing_back_to_an_old_address_does_not_revive_its_link(client, customer):
    original = customer.email
    away = email_change_token(customer, "away@example.com")
    assert client.get(f"/accounts/email/confirm/{away}/").status_code == 302
    customer.refresh_from_db()
    back = email_change_token(customer, original)
    assert client.get(f"/accounts/email/confirm/{back}/").status_code == 302
    assert client.get(f"/accounts/email/confirm/{away}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email == original


def test_a_password_change_voids_an_outstanding_email_change_link(client, customer):
    token = email_change_token(customer, "pending@example.com")
    customer.set_password("a-new-Password-2026")
    customer.save()
    assert client.get(f"/accounts/email/confirm/{token}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email != "pending@example.com"


def test_one_used_link_voids_the_others_sent_before_it(client, customer):
    mine = email_change_token(customer, "mine@example.com")
    other = email_change_token(customer, "other@example.com")
    assert client.get(f"/accounts/email/confirm/{mine}/").status_code == 302
    assert client.get(f"/accounts/email/confirm/{other}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email == "mine@example.com"


def test_email_change_links_live_shorter_than_verification_links(settings):
    assert settings.ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE < settings.ACCOUNTS_EMAIL_TOKEN_MAX_AGE
    assert settings.ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE <= 24 * 60 * 60


def test_email_change_to_an_address_in_use_is_refused(signed_in, customer, make_user):
    other = make_user()
    response = signed_in.post("/accounts/profile/", profile_data(customer, email=other.email.upper()))
    assert response.status_code == 200
    assert "already uses" in response.content.decode()
    assert mail.outbox == []


def test_an_email_change_link_fails_if_the_address_was_taken_meanwhile(client, customer, make_user):
    token = email_change_token(customer, "race@example.com")
    make_user(email="race@example.com")
    assert client.get(f"/accounts/email/confirm/{token}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email != "race@example.com"


def test_an_expired_email_change_link_is_refused(client, customer):
    token = email_change_token(customer, "late@example.com")
    with override_settings(ACCOUNTS_EMAIL_CHANGE_TOKEN_MAX_AGE=-1):
        assert client.get(f"/accounts/email/confirm/{token}/").status_code == 400
    customer.refresh_from_db()
    assert customer.email != "late@example.com"


def test_a_tampered_email_change_link_is_refused(client, customer):
    token = email_change_token(customer, "mine@example.com")
    payload, _, signature = token.rpartition(":")
    assert client.get(f"/accounts/email/confirm/{payload}:{signature[::-1]}/").status_code == 400


def test_a_verification_token_cannot_be_used_as_an_email_change_token(client, make_user):
    from commerce.accounts.tokens import verification_token

    user = make_user(verified=False)
    assert client.get(f"/accounts/email/confirm/{verification_token(user)}/").status_code == 400
