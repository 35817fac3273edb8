"""Property tests over the shop's forms: whatever is posted, no server error; a refusal is
explained on the page (form errors or an error message) and changes no row; what is accepted is
stored as the form cleaned it.

Each example builds its own data (the database is shared by a test's examples); example counts are
modest so the suite stays fast on a small CI box.
"""

import pytest
from django.contrib import messages
from django.db.models import F
from django.forms import BaseForm
from django.test import Client
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from wagtail.contrib.forms.models import FormSubmission

from catalogue.models import StockRecord
from commerce.accounts.forms import AddressForm, RegistrationForm
from commerce.accounts.models import Address, User
from commerce.cart.models import CartLine
from commerce.orders.models import Order
from commerce.orders.settlement import mark_order_paid
from home.models import ContactPage
from reviews.forms import ReviewForm
from reviews.models import Review
from tests.checkout.test_views import checkout_form

pytestmark = pytest.mark.django_db

SOME = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

NASTY = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "9" * 40,
    "-1",
    "0",
    "1e309",
    "NaN",
    "../../etc/passwd",
    "\u202egnp.exe",
    "x" * 3000,
    "a@b",
    "😀" * 10,
]
hostile = st.one_of(st.sampled_from(NASTY), st.text(max_size=80))


def spoiled(valid: dict):
    """A valid form with up to three of its fields replaced by something hostile (all valid is
    where shrinking ends, so accepted posts are tried as well as refused ones)."""
    overrides = st.dictionaries(st.sampled_from(sorted(valid)), hostile, max_size=3)
    return overrides.map(lambda changes: {**valid, **changes})


def explains_refusal(response) -> bool:
    """The person is told why: errors on a re-shown form, or an error message on the next page."""
    if response.get("Content-Type", "").startswith("application/json"):
        return bool(response.json().get("message"))
    context = response.context
    if context is None:
        return False
    for key in context.keys():  # noqa: SIM118 - a ContextList iterates its contexts, not keys
        value = context[key]
        if isinstance(value, BaseForm) and value.errors:
            return True
    return any(message.level >= messages.WARNING for message in context.get("messages", []))


@SOME
@given(
    quantity=st.one_of(
        st.integers(min_value=0, max_value=9).map(str),
        hostile,
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
    )
)
def test_changing_a_cart_line_to_any_quantity_is_refused_with_a_reason_or_kept_within_stock(make_product, quantity):
    variant = make_product(variants=[("", "5.00", 7)]).variants.get()
    client = Client(raise_request_exception=False)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 2})
    line = CartLine.objects.get(variant=variant)

    response = client.post(f"/cart/lines/{line.pk}/", {"quantity": quantity}, HTTP_ACCEPT="application/json")

    assert response.status_code in {200, 400}
    remaining = CartLine.objects.filter(pk=line.pk).values_list("quantity", flat=True).first()
    event(f"status {response.status_code}")
    if response.status_code == 400:
        assert explains_refusal(response)
        assert remaining == 2
    else:
        assert remaining is None or 1 <= remaining <= 7


@SOME
@given(
    changes=st.dictionaries(
        st.sampled_from(
            ["email", "new-full_name", "new-line1", "new-city", "new-postcode", "new-country", "new-phone"]
            + ["payment_method", "shipping_method", "checkout_token", "reviewed_lines"]
        ),
        hostile,
        max_size=3,
    )
)
@example(changes={})
def test_any_checkout_post_places_one_sane_order_or_is_refused_with_a_reason_and_takes_no_stock(
    make_product, shipping_method, changes
):
    # Examples share the database: an earlier example's order must not answer for a token drawn again.
    Order.objects.update(checkout_token=F("reference"))
    variant = make_product(variants=[("", "9.00", 4)]).variants.get()
    client = Client(raise_request_exception=False)
    client.post("/cart/add/", {"variant": variant.pk, "quantity": 1})
    _, hidden = checkout_form(client)
    orders = Order.objects.count()
    valid = {
        "email": "guest@example.com",
        "new-full_name": "Sam Guest",
        "new-line1": "1 High Street",
        "new-city": "Leeds",
        "new-postcode": "LS1 1AA",
        "new-country": "United Kingdom",
        "new-phone": "",
        "payment_method": "paypal",
        "shipping_method": str(shipping_method.pk),
        "checkout_token": hidden["checkout_token"],
        "reviewed_lines": hidden.get("reviewed_lines", ""),
    }
    data = {**valid, **changes}

    response = client.post("/checkout/", data, follow=True)

    assert response.status_code < 500
    placed = Order.objects.count() - orders
    event("placed" if placed else "refused")
    if placed:
        assert placed == 1
        order = Order.objects.latest("pk")
        assert order.email == data["email"].strip().lower() or order.email == data["email"].strip()
        assert "\x00" not in order.shipping_full_name + order.shipping_line1 + order.shipping_city
        assert StockRecord.objects.get(variant=variant).quantity == 3
    else:
        assert changes, response.content.decode()[:3000]  # the untouched form places an order
        assert explains_refusal(response), response.content[:400]
        assert StockRecord.objects.get(variant=variant).quantity == 4
        assert CartLine.objects.filter(variant=variant).count() == 1


@SOME
@given(
    data=spoiled(
        {
            "full_name": "Sam Customer",
            "line1": "1 High Street",
            "line2": "",
            "city": "Leeds",
            "postcode": "LS1 1AA",
            "region": "",
            "country": "United Kingdom",
            "phone": "+44 1234",
        }
    )
)
def test_any_address_is_saved_as_cleaned_or_refused_with_a_reason(make_user, data):
    user = make_user()
    client = Client(raise_request_exception=False)
    client.force_login(user)

    response = client.post("/accounts/addresses/add/", data, follow=True)

    assert response.status_code < 500
    valid = AddressForm(data).is_valid()
    saved = list(Address.objects.filter(user=user))
    event("valid" if valid else "invalid")
    if valid:
        assert len(saved) == 1
        assert saved[0].full_name == data["full_name"].strip()
    else:
        assert saved == []
        assert explains_refusal(response)


@SOME
@given(
    data=spoiled(
        {
            "email": "new.person@example.com",
            "first_name": "Sam",
            "last_name": "",
            "password": "correct horse battery staple",
        }
    )
)
def test_any_registration_creates_at_most_one_unverified_account_or_is_refused_with_a_reason(data):
    User.objects.filter(email__iexact="new.person@example.com").delete()
    users = User.objects.count()
    client = Client(raise_request_exception=False)

    response = client.post("/accounts/register/", data, follow=True)

    assert response.status_code < 500
    created = list(User.objects.order_by("-pk")[: User.objects.count() - users])
    event(f"created {len(created)}")
    if RegistrationForm(data).is_valid():
        assert len(created) <= 1
        assert all(not user.email_verified for user in created)
        assert "_auth_user_id" not in client.session  # never signed in before verifying
    else:
        assert created == []
        assert explains_refusal(response)


@SOME
@given(data=spoiled({"rating": "5", "title": "Lovely", "body": "Keeps tea hot."}))
def test_any_review_is_stored_unapproved_or_refused_with_a_reason(make_user, make_product, make_order, data):
    customer = make_user()
    product = make_product(variants=[("", "12.00", 20)])
    mark_order_paid(order=make_order(customer, [(product.variants.get(), 1)]))
    client = Client(raise_request_exception=False)
    client.force_login(customer)

    response = client.post(f"/reviews/{product.pk}/", data, follow=True)

    assert response.status_code < 500
    reviews = list(Review.objects.filter(product=product))
    event(f"reviews {len(reviews)}")
    if ReviewForm(data).is_valid():
        assert len(reviews) == 1
        assert reviews[0].approved is False
        assert 1 <= reviews[0].rating <= 5
    else:
        assert reviews == []
        assert explains_refusal(response)


@SOME
@given(data=spoiled({"your_name": "Sam", "email": "sam@example.com", "message": "Do you ship to Norway?"}))
def test_any_contact_message_is_stored_once_or_refused_with_a_reason(home_page, data):
    contact = ContactPage.objects.get()
    submissions = FormSubmission.objects.count()
    client = Client(raise_request_exception=False)

    response = client.post(contact.url, data)

    assert response.status_code < 500
    stored = FormSubmission.objects.count() - submissions
    assert stored in {0, 1}
    event(f"stored {stored}")
    if stored:
        assert "Thank you" in response.content.decode()
    else:
        assert explains_refusal(response)
