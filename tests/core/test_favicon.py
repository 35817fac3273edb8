"""Every page links the shop's icon, and /favicon.ico leads to it."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_link_a_favicon_that_exists_in_static(client, home_page):
    html = client.get("/").content.decode()
    hrefs = re.findall(r'<link rel="(?:icon|apple-touch-icon)" href="([^"]+)"', html)
    assert len(hrefs) == 3
    for href in hrefs:
        name = href.split("/static/", 1)[1]
        assert finders.find(name), f"{href} is not a static file"
    assert any(href.endswith(".svg") for href in hrefs)


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].startswith("/static/img/favicon")
    assert response["Location"].endswith(".ico")
