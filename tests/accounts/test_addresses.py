import pytest
from django.test import Client

from commerce.accounts.models import Address
from commerce.accounts.services import delete_address, save_address

pytestmark = pytest.mark.django_db

HOME = {
    "full_name": "Chris Customer",
    "line1": "1 High Street",
    "line2": "",
    "city": "Bath",
    "postcode": "BA1 1AA",
    "region": "Somerset",
    "country": "United Kingdom",
    "phone": "",
}


@pytest.fixture
def signed_in(customer):
    client = Client()
    client.force_login(customer)
    return client


def test_the_first_address_becomes_the_default(customer):
    address = save_address(user=customer, data=HOME)
    assert address.is_default_shipping


def test_a_new_default_unsets_the_old_one(customer):
    first = save_address(user=customer, data=HOME)
    second = save_address(user=customer, data={**HOME, "line1": "2 Low Road", "is_default_shipping": True})
    first.refresh_from_db()
    assert second.is_default_shipping
    assert not first.is_default_shipping
    assert customer.addresses.filter(is_default_shipping=True).count() == 1


def test_deleting_the_default_promotes_another(customer):
    first = save_address(user=customer, data=HOME)
    second = save_address(user=customer, data={**HOME, "line1": "2 Low Road"})
    delete_address(user=customer, address_id=first.pk)
    second.refresh_from_db()
    assert second.is_default_shipping


def test_a_customer_adds_lists_edits_and_deletes_an_address(signed_in, customer):
    response = signed_in.post("/accounts/addresses/add/", HOME)
    assert response["Location"] == "/accounts/addresses/"
    address = customer.addresses.get()
    assert "1 High Street" in signed_in.get("/accounts/addresses/").content.decode()

    signed_in.post(f"/accounts/addresses/{address.pk}/", {**HOME, "city": "Bristol", "is_default_shipping": "on"})
    address.refresh_from_db()
    assert address.city == "Bristol"

    assert signed_in.get(f"/accounts/addresses/{address.pk}/delete/").status_code == 200
    assert Address.objects.filter(pk=address.pk).exists()
    signed_in.post(f"/accounts/addresses/{address.pk}/delete/")
    assert not Address.objects.filter(pk=address.pk).exists()


def test_an_address_form_with_missing_fields_shows_errors(signed_in, customer):
    response = signed_in.post("/accounts/addresses/add/", {**HOME, "line1": "", "postcode": ""})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not customer.addresses.exists()


def test_another_customers_address_is_a_404_to_view_edit_or_delete(signed_in, make_user):
    theirs = save_address(user=make_user(), data=HOME)
    for url in [f"/accounts/addresses/{theirs.pk}/", f"/accounts/addresses/{theirs.pk}/delete/"]:
        assert signed_in.get(url).status_code == 404
        assert signed_in.post(url, {**HOME, "city": "Hacked"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Bath"


def test_the_address_list_shows_only_ones_own(signed_in, customer, make_user):
    save_address(user=customer, data=HOME)
    save_address(user=make_user(), data={**HOME, "line1": "99 Secret Lane"})
    page = signed_in.get("/accounts/addresses/").content.decode()
    assert "1 High Street" in page
    assert "99 Secret Lane" not in page


def test_the_address_book_requires_sign_in(client):
    assert client.get("/accounts/addresses/")["Location"].startswith("/accounts/login/")
