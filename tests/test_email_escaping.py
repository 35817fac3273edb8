"""Plain-text emails carry what people typed as it is; HTML emails escape it."""

from pathlib import Path

import pytest
from django.core import mail

from commerce.accounts.emails import send_verification_email

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HOSTILE = 'Tom & <img src=x onerror="alert(1)">'


@pytest.mark.parametrize("template", sorted(TEMPLATES.glob("*/email/*.txt")), ids=lambda path: path.name)
def test_every_plain_text_email_template_turns_autoescape_off(template):
    text = template.read_text()
    assert "{% autoescape off %}" in text.split("\n", 1)[0], f"{template} renders HTML-escaped text"
    assert text.rstrip().endswith("{% endautoescape %}")


def test_the_order_email_is_plain_in_text_and_escaped_in_html(
    customer, make_order, make_product, make_address, django_capture_on_commit_callbacks
):
    make_address(customer, full_name=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        make_order(customer, [(make_product(variants=[("", "10.00", 5)]).variants.get(), 1)])
    message = mail.outbox[-1]
    assert f"Hello {HOSTILE}," in message.body
    html = message.alternatives[0][0]
    assert "<img src=x" not in html
    assert "Tom &amp; &lt;img" in html


def test_the_account_email_is_plain_in_text_and_escaped_in_html(
    make_user, home_page, django_capture_on_commit_callbacks
):
    user = make_user(first_name=HOSTILE)
    with django_capture_on_commit_callbacks(execute=True):
        send_verification_email(request=None, user=user)
    message = mail.outbox[-1]
    assert HOSTILE in message.body
    assert "<img src=x" not in message.alternatives[0][0]
