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


def test_the_storefront_and_admin_policies_stay_apart_whichever_is_asked_for_first(client, home_page):
    # Each policy is built once per process (site_project/csp.py): neither may leak into the other.
    for _ in range(2):
        assert "'unsafe-inline'" not in directives(client.get("/"))["script-src"]
        assert "'unsafe-inline'" in directives(client.get("/admin/login/"))["script-src"]


def test_a_view_with_a_policy_of_its_own_gets_it_built_for_it(rf):
    from django.http import HttpResponse

    from site_project.csp import SiteCSPMiddleware

    def own_policy(request):
        response = HttpResponse("<p>map</p>")
        response._csp_update = {"img-src": ["https://tiles.example.com"]}
        return response

    plain = SiteCSPMiddleware(lambda request: HttpResponse("<p>plain</p>"))(rf.get("/"))
    updated = SiteCSPMiddleware(own_policy)(rf.get("/"))

    assert "https://tiles.example.com" not in directives(plain)["img-src"]
    assert "https://tiles.example.com" in directives(updated)["img-src"]
