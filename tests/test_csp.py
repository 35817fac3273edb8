"""Every page carries a Content-Security-Policy; the storefront's allows no inline script or style."""

import pytest

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_storefront_pages_forbid_inline_script_and_foreign_script(client, home_page):
    policy = directives(client.get("/"))
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert "https://www.paypal.com" in policy["form-action"]
    assert policy["connect-src"] == ["'self'"]


def test_the_admin_adds_only_what_wagtails_editor_needs(client):
    policy = directives(client.get("/admin/login/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]  # the page editor's inline scripts
    assert "'unsafe-inline'" in policy["style-src"]
    assert "blob:" in policy["img-src"]
