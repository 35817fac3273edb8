"""Wagtail 8.0.1 views that answered a Manager's malformed POST with 500 (core/wagtail_fixes.py)."""

import pytest
from django.core.signing import Signer
from wagtail.contrib.redirects.models import Redirect

from livechat.models import CannedReply

pytestmark = pytest.mark.django_db


def test_the_external_link_chooser_asks_for_a_missing_url(client, manager):
    client.force_login(manager)

    response = client.post("/admin/choose-external-link/", {})

    assert response.status_code == 200
    assert response.json()["step"] == "external_link"
    assert "This field is required." in response.json()["html"]


def test_the_external_link_chooser_still_accepts_a_path(client, manager, home_page):
    client.force_login(manager)

    response = client.post("/admin/choose-external-link/", {"external-link-chooser-url": "/shop/"})

    assert response.json()["step"] in {"external_link_chosen", "confirm_page_link"}


@pytest.mark.parametrize(
    "posted",
    [{}, {"import_file_name": Signer().sign("x.csv")}, {"import_file_name": "unsigned", "input_format": "0"}],
    ids=["empty", "format missing", "not signed"],
)
def test_a_redirect_import_with_missing_or_forged_data_is_refused(client, manager, posted):
    client.force_login(manager)

    response = client.post("/admin/redirects/import/process/", posted)

    assert response.status_code == 400
    assert not Redirect.objects.exists()


def test_a_snippet_chooser_without_a_creation_form_refuses_creation(client, manager):
    client.force_login(manager)

    response = client.post("/admin/snippets/choose/livechat/cannedreply/create/", {})

    # Wagtail's admin answers PermissionDenied by sending staff back to the dashboard.
    assert (response.status_code, response.url) == (302, "/admin/")
    assert not CannedReply.objects.exists()
