"""Migrations that move data keep it: store settings into core, home's featured fields into blocks."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import StoreSettings
from home.models import HomePage

BEFORE = [("core", None), ("home", "0001_initial")]


@pytest.fixture
def old_apps(transactional_db):
    """The models as they were before the move, on a database migrated back to that point."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state([("home", "0001_initial")]).apps
    migrate_to_latest()


def migrate_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_store_settings_rows_and_permissions_survive_the_move_to_core(old_apps):
    Site = old_apps.get_model("wagtailcore", "Site")
    Page = old_apps.get_model("wagtailcore", "Page")
    site = Site.objects.create(hostname="old.example", root_page=Page.objects.get(depth=1))
    old_apps.get_model("home", "StoreSettings").objects.create(site=site, store_name="Old Shop", chat_enabled=False)
    content_type = old_apps.get_model("contenttypes", "ContentType").objects.get(model="storesettings")
    assert content_type.app_label == "home"

    migrate_to_latest()

    store = StoreSettings.objects.get(site_id=site.pk)
    assert (store.store_name, store.chat_enabled) == ("Old Shop", False)
    assert ContentType.objects.get(pk=content_type.pk).app_label == "core"


def test_home_featured_categories_and_heading_become_blocks(old_apps):
    Page = old_apps.get_model("wagtailcore", "Page")
    OldContentType = old_apps.get_model("contenttypes", "ContentType")
    Category = old_apps.get_model("catalogue", "Category")
    root = Page.objects.get(depth=1)
    home = old_apps.get_model("home", "HomePage").objects.create(
        title="Home",
        slug="old-home",
        path=f"{root.path}9999",
        depth=2,
        content_type=OldContentType.objects.get_or_create(app_label="home", model="homepage")[0],
        locale_id=root.locale_id,
        featured_products_heading="Our picks",
    )
    garden, bags = (
        Category.objects.create(name="Garden", slug="garden"),
        Category.objects.create(name="Bags", slug="bags"),
    )
    for order, category in enumerate([bags, garden]):
        old_apps.get_model("home", "HomeFeaturedCategory").objects.create(
            page=home, category=category, sort_order=order
        )

    migrate_to_latest()

    tiles, grid = HomePage.objects.get(pk=home.pk).body
    assert [category.slug for category in tiles.value["categories"]] == ["bags", "garden"]
    assert (grid.value["heading"], grid.value["source"]) == ("Our picks", "featured")
