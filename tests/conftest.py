import pytest
from django.db.models.signals import post_migrate

from tests.services import in_ci, missing_service

SERVICE_MARKERS = ("postgres", "redis", "browser")

pytest_plugins = [
    "tests.fixtures.accounts",
    "tests.fixtures.site",
    "tests.fixtures.live",
    "tests.fixtures.catalogue",
    "tests.fixtures.payments",
    "tests.fixtures.s3",
    "tests.fixtures.commerce",
    "tests.fixtures.discounts",
]


def _ensure_wagtail_roots(sender, **kwargs):
    """Put back the tree roots Wagtail's data migrations create.

    Transactional tests end with a flush, and a database kept with --reuse-db is then migrated
    again without those data migrations running; every run starts from the same base.
    """
    if sender.label != "wagtailcore":
        return
    from django.conf import settings
    from django.contrib.contenttypes.models import ContentType
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Collection, Locale, Page

    if not Locale.objects.exists():
        Locale.objects.create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Page.get_first_root_node() is None:
        Page.add_root(instance=Page(title="Root", slug="root", content_type=ContentType.objects.get_for_model(Page)))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")


post_migrate.connect(_ensure_wagtail_roots, dispatch_uid="tests.ensure_wagtail_roots")


def pytest_collection_modifyitems(items):
    # Every transactional test restores the migrated data (roots, roles, permissions) it flushes,
    # so the tests that run after it see the same database as the ones before.
    for item in items:
        marker = item.get_closest_marker("django_db")
        transactional = "transactional_db" in item.fixturenames or (marker and marker.kwargs.get("transaction"))
        if transactional and "django_db_serialized_rollback" not in item.fixturenames:
            item.fixturenames.append("django_db_serialized_rollback")


def pytest_runtest_setup(item):
    for marker in SERVICE_MARKERS:
        if item.get_closest_marker(marker) is None:
            continue
        reason = missing_service(marker)
        if reason is None:
            continue
        if in_ci():
            pytest.fail(f"CI needs this service: {reason}", pytrace=False)
        pytest.skip(reason)


@pytest.fixture(autouse=True, scope="session")
def _admin_viewsets_registered():
    """The admin's viewsets (and with them the snippets) registered, as in a served shop, whose
    URLconf registers them at start: a block test run before any request would otherwise find
    Category no snippet."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018
