"""A shopper registers, verifies by the emailed link, keeps an address, changes the password,
signs out and back in, in a real browser against the ASGI server."""

import email
import email.policy
import re
from pathlib import Path

import pytest

from commerce.accounts.models import User

pytestmark = pytest.mark.browser

PASSWORD = "amber-harbour-kettle-73"
NEW_PASSWORD = "violet-canyon-spoon-58"


@pytest.fixture
def mailbox(settings, tmp_path):
    """The live server runs in a forked process, so its mail goes to files this test reads.

    Requested before asgi_live_server, so the fork inherits these settings.
    """
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    return Path(settings.EMAIL_FILE_PATH)


def text_bodies(mailbox: Path) -> list[str]:
    bodies = []
    for path in sorted(mailbox.glob("*.log")):
        for raw in path.read_text().split("-" * 79):
            if not raw.strip():
                continue
            # The default policy decodes 8-bit UTF-8 parts ("·" in the footer) as their charset says.
            message = email.message_from_string(raw.strip(), policy=email.policy.default)
            for part in message.walk():
                if part.get_content_type() == "text/plain":
                    bodies.append(part.get_content())
    return bodies


def test_register_verify_keep_an_address_change_password_and_sign_in_again(
    mailbox, asgi_live_server, new_page, home_page, screenshot
):
    page = new_page()
    page.goto(asgi_live_server.url + "/accounts/register/")
    page.locator("#id_email").fill("Browser.Shopper@Example.com")
    page.locator("#id_first_name").fill("Bea")
    page.locator("#id_last_name").fill("Browser")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    # Not signed in yet: the answer is the same whether or not the address already has an account.
    page.wait_for_url("**/accounts/login/")
    assert "We have sent an email" in page.get_by_role("status").inner_text()
    assert not User.objects.get(email="browser.shopper@example.com").email_verified

    (body,) = text_bodies(mailbox)
    link = re.search(r"http://\S+/accounts/verify/\S+/", body).group(0)
    assert link.startswith(asgi_live_server.url)
    page.goto(link)
    page.wait_for_url("**/accounts/login/")
    assert "is verified" in page.get_by_role("status").inner_text()
    page.locator("#id_username").fill("browser.shopper@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(asgi_live_server.url + "/")
    page.goto(asgi_live_server.url + "/accounts/profile/")
    assert page.get_by_test_id("verify-banner").count() == 0
    assert User.objects.get(email="browser.shopper@example.com").email_verified

    nav = page.get_by_test_id("account-nav")
    nav.get_by_role("link", name="Addresses").click()
    page.get_by_role("link", name="Add an address").click()
    page.locator("#id_full_name").fill("Bea Browser")
    page.locator("#id_line1").fill("7 Orchard Row")
    page.locator("#id_city").fill("Leeds")
    page.locator("#id_postcode").fill("LS1 4AP")
    page.locator("#id_country").fill("United Kingdom")
    page.get_by_role("button", name="Save address").click()
    page.wait_for_url("**/accounts/addresses/")
    address = page.get_by_test_id("address")
    assert "7 Orchard Row" in address.inner_text()
    assert "default shipping" in address.inner_text().lower()

    page.get_by_test_id("account-nav").get_by_role("link", name="Password").click()
    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/accounts/profile/")
    assert "password is changed" in page.get_by_role("status").inner_text()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(asgi_live_server.url + "/")
    page.goto(asgi_live_server.url + "/accounts/addresses/")
    page.wait_for_url("**/accounts/login/?next=/accounts/addresses/")
    page.locator("#id_username").fill("BROWSER.SHOPPER@example.com")
    page.locator("#id_password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "do not match" in page.get_by_test_id("login-form").inner_text()
    page.locator("#id_password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/accounts/addresses/")
    assert "7 Orchard Row" in page.get_by_test_id("address").inner_text()
    assert screenshot(page, "addresses").stat().st_size > 0
