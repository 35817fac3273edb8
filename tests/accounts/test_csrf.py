"""Every account form refuses a POST without a CSRF token."""

import pytest
from django.test import Client

from commerce.accounts.services import save_address
from tests.accounts.test_addresses import HOME
from tests.fixtures.accounts import PASSWORD

pytestmark = pytest.mark.django_db

ANONYMOUS_FORMS = [
    ("/accounts/register/", {"email": "x@example.com", "first_name": "X", "password": PASSWORD}),
    ("/accounts/login/", {"username": "x@example.com", "password": PASSWORD}),
    ("/accounts/password-reset/", {"email": "x@example.com"}),
    ("/accounts/verify/resend/", {"email": "x@example.com"}),
]


@pytest.mark.parametrize(("url", "data"), ANONYMOUS_FORMS)
def test_anonymous_forms_need_a_csrf_token(url, data):
    assert Client(enforce_csrf_checks=True).post(url, data).status_code == 403


def test_signed_in_forms_need_a_csrf_token(customer):
    address = save_address(user=customer, data=HOME)
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    forms = [
        ("/accounts/logout/", {}),
        ("/accounts/profile/", {"first_name": "X", "email": customer.email}),
        (
            "/accounts/password/",
            {"old_password": PASSWORD, "new_password1": "a-b-c-d-e-1", "new_password2": "a-b-c-d-e-1"},
        ),
        ("/accounts/verify/resend/", {}),
        ("/accounts/addresses/add/", HOME),
        (f"/accounts/addresses/{address.pk}/", HOME),
        (f"/accounts/addresses/{address.pk}/delete/", {}),
        ("/accounts/delete/", {"password": PASSWORD}),
    ]
    for url, data in forms:
        assert client.post(url, data).status_code == 403, url
    assert "_auth_user_id" in client.session
    assert customer.addresses.filter(pk=address.pk).exists()


def test_the_password_reset_confirm_form_needs_a_csrf_token(customer):
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    uid = urlsafe_base64_encode(force_bytes(customer.pk))
    client = Client(enforce_csrf_checks=True)
    set_url = client.get(f"/accounts/password-reset/{uid}/{default_token_generator.make_token(customer)}/")["Location"]
    assert client.post(set_url, {"new_password1": "a-b-c-d-e-1", "new_password2": "a-b-c-d-e-1"}).status_code == 403
    customer.refresh_from_db()
    assert customer.check_password(PASSWORD)


def test_forms_with_their_token_are_accepted(customer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(customer)
    page = client.get("/accounts/addresses/add/")
    token = page.context["csrf_token"]
    assert client.post("/accounts/addresses/add/", {**HOME, "csrfmiddlewaretoken": str(token)}).status_code == 302
