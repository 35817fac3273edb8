"""docs/er-diagram.md is what `python manage.py docs_er` generates from the models, nothing else."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from site_project.management.commands.docs_er import OUTPUT, SHOP_APPS, er_diagram, shop_models

from .markdown import ROOT


def test_the_committed_er_diagram_matches_the_models():
    try:
        call_command("docs_er", "--check", verbosity=0)
    except CommandError as out_of_date:
        pytest.fail(
            f"{out_of_date}\nA model changed: run `python manage.py docs_er` and commit docs/er-diagram.md.",
            pytrace=False,
        )


def test_check_fails_when_the_file_differs_and_passes_once_regenerated(tmp_path):
    output = tmp_path / "er-diagram.md"
    output.write_text(OUTPUT.read_text(encoding="utf-8").replace("CharField email", "CharField e_mail"))
    with pytest.raises(CommandError, match="out of date"):
        call_command("docs_er", "--check", "--output", str(output), verbosity=0)
    call_command("docs_er", "--output", str(output), verbosity=0)
    call_command("docs_er", "--check", "--output", str(output), verbosity=0)


def test_a_missing_file_fails_the_check(tmp_path):
    with pytest.raises(CommandError):
        call_command("docs_er", "--check", "--output", str(tmp_path / "none.md"), verbosity=0)


def test_every_app_of_the_project_is_in_the_diagram():
    # A new app of the shop must be added to SHOP_APPS, or its models would be silently left out.
    own = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).is_relative_to(ROOT) and not Path(config.path).is_relative_to(ROOT / ".venv")
    }
    assert own - {"site_project"} == set(SHOP_APPS)


def test_every_model_is_an_entity_with_its_keys_and_relations():
    diagram = er_diagram()
    for model in shop_models():
        assert f"    {model.__name__} {{" in diagram
    assert "bigint id PK" in diagram
    assert 'bigint order_id FK, UK "orders.Order, CASCADE"' in diagram  # Payment: one per order
    assert "CharField reference UK" in diagram
    assert 'Order ||--o{ OrderLine : "order"' in diagram
    assert 'User |o--o{ Order : "user"' in diagram  # orders outlive a deleted account
    assert 'ProductPage }o--o{ Category : "categories"' in diagram
    assert "wagtailcore.Page, CASCADE" in diagram  # page models name Wagtail's table, not drawn
    assert "TimedPayPalIPN" not in diagram  # a proxy: no table of its own
