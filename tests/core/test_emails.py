"""Every customer email: a plain-text part and a branded HTML part from one base template, with the
shop's name and colours and an absolute link to the order (or to what the email asks you to do)."""

import re
from pathlib import Path

import pytest
from django.core import mail

from commerce.accounts.emails import (
    send_account_exists_notice,
    send_email_change_email,
    send_email_changed_notice,
    send_verification_email,
)
from commerce.accounts.forms import PasswordResetForm
from commerce.orders.services import add_order_note, ship_order
from commerce.payments.services import record_bank_transfer
from core.selectors import store_settings

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
BRAND_COLOUR = "#065f46"  # emerald-800, the site's logo colour


def email_parts(message):
    assert message.body.strip(), "no plain-text part"
    (html, mimetype), *_ = message.alternatives
    assert mimetype == "text/html"
    return message.body, html


def assert_branded(message, *, link: str):
    text, html = email_parts(message)
    store = store_settings()
    assert f">{store.store_name}</a>" in html  # the header
    assert BRAND_COLOUR in html
    assert "font-family: -apple-system" in html  # not the mail client's Times New Roman
    assert f'href="{link}"' in html
    assert link.startswith("http")
    assert link in text
    assert "<html" not in text


@pytest.fixture
def order(customer, make_product, make_order):
    variant = make_product("Enamel mug", variants=[("Blue", "12.50", 5)]).variants.get()
    return make_order(customer, [(variant, 2)], payment_method="bank_transfer")


def sent(capture, action):
    mail.outbox.clear()
    with capture(execute=True):
        action()
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def order_link(order):
    return f"http://127.0.0.1:8000/accounts/orders/{order.reference}/"


def test_the_order_confirmation_is_branded_with_the_summary_and_the_order_link(
    customer, make_product, make_order, django_capture_on_commit_callbacks, settings
):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    variant = make_product("Enamel mug", variants=[("Blue", "12.50", 5)]).variants.get()
    message = sent(
        django_capture_on_commit_callbacks,
        lambda: make_order(customer, [(variant, 2)], payment_method="bank_transfer"),
    )
    order = customer.orders.get()
    assert_branded(message, link=order_link(order))
    _, html = email_parts(message)
    assert "2 × Enamel mug (Blue)" in html
    assert "€25.00" in html
    assert "€29.90" in html  # with shipping
    assert "1 High Street" in html
    assert variant.sku not in html
    assert variant.sku not in message.body


def test_paid_shipped_and_note_emails_are_branded_with_the_order_link(
    order, django_capture_on_commit_callbacks, settings, manager
):
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"
    paid = sent(django_capture_on_commit_callbacks, lambda: record_bank_transfer(payment=order.payment, actor=manager))
    assert "Payment received" in paid.alternatives[0][0]
    assert_branded(paid, link=order_link(order))
    shipped = sent(
        django_capture_on_commit_callbacks,
        lambda: ship_order(order=order, carrier="DHL", tracking_number="JD0001", actor=manager),
    )
    assert "JD0001" in shipped.alternatives[0][0]
    assert_branded(shipped, link=order_link(order))
    note = sent(
        django_capture_on_commit_callbacks,
        lambda: add_order_note(order=order, body="Packed with care", author=manager, to_customer=True),
    )
    assert_branded(note, link=order_link(order))


def test_account_emails_are_branded_with_their_link(make_user, home_page, django_capture_on_commit_callbacks):
    user = make_user(first_name="Ada")
    capture = django_capture_on_commit_callbacks
    verify = sent(capture, lambda: send_verification_email(request=None, user=user))
    assert_branded(verify, link=re.search(r"https?://\S+/verify/\S+", verify.body)[0])
    change = sent(capture, lambda: send_email_change_email(request=None, user=user, new_email="new@example.com"))
    assert_branded(change, link=re.search(r"https?://\S+", change.body)[0])
    exists = sent(capture, lambda: send_account_exists_notice(request=None, user=user))
    assert_branded(exists, link=re.search(r"https?://\S+/login/\S*", exists.body)[0])
    changed = sent(capture, lambda: send_email_changed_notice(request=None, user=user, old_email="old@example.com"))
    assert_branded(changed, link="http://127.0.0.1:8000/")


def test_the_password_reset_email_is_branded_with_its_link(
    client, make_user, home_page, django_capture_on_commit_callbacks
):
    user = make_user()
    form = PasswordResetForm({"email": user.email})
    assert form.is_valid()
    message = sent(django_capture_on_commit_callbacks, lambda: form.save(domain_override="shop.example"))
    assert_branded(message, link=re.search(r"https?://shop\.example/\S+", message.body)[0])


def test_every_html_email_extends_the_one_base_template():
    htmls = [path for path in TEMPLATES.glob("*/email/*.html") if not path.name.startswith("_")]
    assert len(htmls) >= 8
    for path in htmls:
        assert path.read_text().startswith('{% extends "email/base.html" %}'), path
    assert not list(TEMPLATES.glob("*/email/base.html")), "a copy of the base template"
