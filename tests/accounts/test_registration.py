import pytest
from django.contrib.messages import get_messages
from django.core import mail, signing
from django.test import Client, override_settings

from commerce.accounts.models import User
from commerce.accounts.tokens import VERIFY_SALT, verification_token
from tests.accounts.helpers import link_in_last_mail
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db


def register(client, **overrides):
    data = {"email": "New.Shopper@Example.com", "first_name": "Nina", "last_name": "Shopper", "password": PASSWORD}
    return client.post("/accounts/register/", {**data, **overrides})


def test_registration_creates_an_unverified_client_and_mails_a_link(
    client, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = register(client)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    user = User.objects.get(email="new.shopper@example.com")
    assert not user.email_verified
    assert user.has_role("Client")
    assert not user.has_role("Agent")
    assert "_auth_user_id" not in client.session  # signing in here would tell a new address from a known one
    message = mail.outbox[0]
    assert message.to == ["new.shopper@example.com"]
    assert message.subject.startswith("Verify your email address for ")
    assert "/accounts/verify/" in message.body
    html = message.alternatives[0][0]
    assert "/accounts/verify/" in html


def test_verification_email_names_the_store_from_its_settings(client, home_page, django_capture_on_commit_callbacks):
    from core.selectors import store_settings

    store = store_settings()
    store.store_name = "Maple & Moss"
    store.save()
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    assert "Maple & Moss" in mail.outbox[0].subject
    assert "Maple & Moss" in mail.outbox[0].body


def test_following_the_link_verifies_the_account(client, home_page, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client)
    response = client.get(link_in_last_mail("/accounts/verify/"))
    assert response.status_code == 302
    assert User.objects.get(email="new.shopper@example.com").email_verified


def test_registration_applies_djangos_password_validators(client):
    response = register(client, password="password")
    assert response.status_code == 200
    assert "too common" in response.content.decode()
    response = register(client, password="nina.shopper")
    assert "too similar" in response.content.decode()
    assert not User.objects.exists()


def test_registering_a_known_email_answers_as_for_a_new_one_and_tells_the_owner(
    client, customer, home_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        new = register(Client(), email="someone.new@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        known = register(client, email=customer.email.upper())
    assert (known.status_code, known["Location"]) == (new.status_code, new["Location"])
    shown = [str(m) for m in get_messages(known.wsgi_request)]
    assert shown == [
        f"We have sent an email to {customer.email}. Follow its link to verify your address, then sign in."
    ]
    assert "_auth_user_id" not in client.session
    assert User.objects.filter(email__iexact=customer.email).count() == 1
    notice = mail.outbox[-1]
    assert notice.to == [customer.email]
    assert "already has an account" in notice.body
    assert "/accounts/password-reset/" in notice.body
    assert "/accounts/verify/" not in notice.body


def test_the_known_email_notice_is_sent_at_most_once_an_hour(client, customer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        register(client, email=customer.email)
        register(client, email=customer.email)
    assert [m.to for m in mail.outbox] == [[customer.email]]


def test_a_tampered_verification_token_is_refused(client, make_user):
    user = make_user(verified=False)
    token = verification_token(user)
    response = client.get(f"/accounts/verify/{token[:-2]}xx/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_a_token_forged_for_another_user_id_does_not_verify_them(client, make_user):
    victim = make_user(verified=False)
    forged = signing.dumps({"u": victim.pk, "e": victim.email}, salt=VERIFY_SALT, key="not-our-secret")
    assert client.get(f"/accounts/verify/{forged}/").status_code == 400
    victim.refresh_from_db()
    assert not victim.email_verified


def test_a_verification_link_works_once(client, make_user):
    user = make_user(verified=False)
    token = verification_token(user)
    assert client.get(f"/accounts/verify/{token}/").status_code == 302
    assert client.get(f"/accounts/verify/{token}/").status_code == 400


def test_a_password_change_voids_a_verification_link(client, make_user):
    user = make_user(verified=False)
    token = verification_token(user)
    user.set_password("a-new-Password-2026")
    user.save()
    assert client.get(f"/accounts/verify/{token}/").status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_an_expired_verification_token_is_refused(client, make_user):
    user = make_user(verified=False)
    token = verification_token(user)
    with override_settings(ACCOUNTS_EMAIL_TOKEN_MAX_AGE=-1):
        response = client.get(f"/accounts/verify/{token}/")
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    user.refresh_from_db()
    assert not user.email_verified


def test_a_verification_link_dies_when_the_address_changes(client, make_user):
    user = make_user(verified=False)
    token = verification_token(user)
    user.email = "other@example.com"
    user.save()
    assert client.get(f"/accounts/verify/{token}/").status_code == 400


def test_a_signed_in_unverified_user_can_ask_for_a_new_link(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(verified=False)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/verify/resend/")
    assert response.status_code == 302
    assert mail.outbox[-1].to == [user.email]
    client.get(link_in_last_mail("/accounts/verify/"))
    user.refresh_from_db()
    assert user.email_verified


def test_resending_is_limited_to_one_mail_a_minute(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(verified=False)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/verify/resend/")
        client.post("/accounts/verify/resend/")
    assert len(mail.outbox) == 1


def test_resend_by_email_answers_the_same_for_unknown_addresses(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(verified=False)
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post("/accounts/verify/resend/", {"email": user.email}, follow=True)
        unknown = client.post("/accounts/verify/resend/", {"email": "nobody@example.com"}, follow=True)
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert known.status_code == unknown.status_code == 200
    assert "a new link is on its way" in unknown.content.decode()
