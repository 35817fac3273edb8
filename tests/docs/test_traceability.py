"""The use cases and the requirements table stay true: every use case has a requirement, every
requirement names tests that exist, every URL name the docs cite exists (docs/requirements.md)."""

import re

import pytest
from django.urls import get_resolver

from .markdown import (
    DOCS,
    NODE_ID,
    REQUIREMENT_ID,
    ROOT,
    USE_CASE_ID,
    defined_tests,
    mermaid_blocks,
    table_rows,
)

USE_CASES = DOCS / "use-cases.md"
REQUIREMENTS = DOCS / "requirements.md"
URL_NAME = re.compile(r"`([a-z][\w-]*(?::[\w-]+)?)`")


def use_case_rows():
    return [row for row in table_rows(USE_CASES) if USE_CASE_ID.fullmatch(row.cells.get("id", ""))]


def requirement_rows():
    return [row for row in table_rows(REQUIREMENTS) if REQUIREMENT_ID.fullmatch(row.cells.get("id", ""))]


def test_the_docs_define_use_cases_and_requirements():
    assert len(use_case_rows()) >= 20
    assert len(requirement_rows()) >= len(use_case_rows())


def test_ids_are_unique():
    for rows in (use_case_rows(), requirement_rows()):
        ids = [row.cells["id"] for row in rows]
        assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_use_case_has_a_requirement_row():
    covered = {row.cells["use case"] for row in requirement_rows()}
    missing = [f"{row.cells['id']} ({row.source})" for row in use_case_rows() if row.cells["id"] not in covered]
    assert missing == [], f"Use cases with no row in docs/requirements.md: {missing}"


def test_every_requirement_belongs_to_a_defined_use_case():
    defined = {row.cells["id"] for row in use_case_rows()}
    unknown = [f"{row.cells['id']} -> {row.cells['use case']}" for row in requirement_rows()]
    unknown = [
        text for text, row in zip(unknown, requirement_rows(), strict=True) if row.cells["use case"] not in defined
    ]
    assert unknown == [], f"Requirements naming a use case docs/use-cases.md does not define: {unknown}"


def test_every_requirement_names_at_least_one_test():
    bare = [
        f"{row.cells['id']} ({row.source})" for row in requirement_rows() if not NODE_ID.search(row.cells["proven by"])
    ]
    assert bare == [], f"Requirements that name no test (`tests/<app>/test_x.py::test_y`): {bare}"


def test_every_named_test_exists():
    missing = []
    for row in requirement_rows():
        for path, name in NODE_ID.findall(row.cells["proven by"]):
            if not (ROOT / path).is_file():
                missing.append(f"{row.cells['id']}: {path} (no such file)")
            elif name not in defined_tests(path):
                missing.append(f"{row.cells['id']}: {path}::{name} (no such test in that file)")
    assert missing == [], "docs/requirements.md names tests that do not exist; fix the row:\n" + "\n".join(missing)


def test_nothing_but_node_ids_in_the_proven_by_column():
    # A typo such as a missing `::` or a path outside tests/ would otherwise be silently ignored.
    odd = []
    for row in requirement_rows():
        rest = NODE_ID.sub("", row.cells["proven by"]).replace("<br>", "").strip()
        if rest:
            odd.append(f"{row.cells['id']}: {rest!r}")
    assert odd == [], f"Unreadable test references in docs/requirements.md: {odd}"


def test_each_use_case_is_drawn_in_its_roles_diagram():
    drawn = " ".join(mermaid_blocks(USE_CASES))
    missing = [row.cells["id"] for row in use_case_rows() if not re.search(rf"\b{row.cells['id']}\b", drawn)]
    assert missing == [], f"Use cases in a table but in no diagram of docs/use-cases.md: {missing}"
    in_diagrams = set(USE_CASE_ID.findall(drawn))
    assert in_diagrams <= {row.cells["id"] for row in use_case_rows()}


def _url_name_exists(name: str) -> bool:
    resolver = get_resolver()
    *namespaces, url_name = name.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return url_name in resolver.reverse_dict


@pytest.mark.parametrize("path", [USE_CASES, REQUIREMENTS], ids=lambda path: path.name)
def test_every_url_name_cited_exists(path):
    cited = set()
    for row in table_rows(path):
        where = row.cells.get("where", "")
        cited.update(name for name in URL_NAME.findall(where) if ":" in name or "_" in name or "-" in name)
    cited = {name for name in cited if not name.startswith("ws:") and not name.endswith(":*")}
    assert cited, "no URL names found: has the 'where' column changed?"
    unknown = sorted(name for name in cited if not _url_name_exists(name))
    assert unknown == [], f"{path.name} cites URL names that do not exist: {unknown}"


def test_a_test_that_does_not_exist_is_told_apart_from_one_that_does():
    found = defined_tests("tests/orders/test_services.py")
    assert "test_allowed_transitions_succeed_and_are_recorded" in found
    assert "test_orders_fly_to_the_moon" not in found
    assert "test_live_status" not in found  # a module name is not a test
