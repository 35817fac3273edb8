"""Reading the docs the way the tests need them: tables, Mermaid blocks, test node ids."""

import ast
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
DOCS = ROOT / "docs"

USE_CASE_ID = re.compile(r"UC-[A-Z]+\d+")
REQUIREMENT_ID = re.compile(r"FR-[A-Z]+\d+(?:\.\d+)*")
NODE_ID = re.compile(r"`(tests/[\w/]+\.py)::([\w:]+)(?:\[[^\]`]*\])?`")
MERMAID_BLOCK = re.compile(r"^```mermaid\n(.*?)^```", re.MULTILINE | re.DOTALL)


@dataclass(frozen=True)
class Row:
    source: str  # file and line, for failure messages
    cells: dict[str, str]


def table_rows(path: Path) -> list[Row]:
    """Every body row of every pipe table in a Markdown file, keyed by its table's header."""
    rows: list[Row] = []
    header: list[str] | None = None
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if not line.startswith("|"):
            header = None
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if header is None:
            header = [cell.lower() for cell in cells]
        elif set("".join(cells)) <= set("-: "):
            continue  # the delimiter row
        else:
            rows.append(Row(f"{path.relative_to(ROOT)}:{number}", dict(zip(header, cells, strict=False))))
    return rows


def mermaid_blocks(path: Path) -> list[str]:
    return MERMAID_BLOCK.findall(path.read_text(encoding="utf-8"))


@cache
def defined_tests(path: str) -> frozenset[str]:
    """`name` and `Class::name` of every test function defined in a test file (sync or async)."""
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    found = set()
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    for node in tree.body:
        if isinstance(node, functions):
            found.add(node.name)
        elif isinstance(node, ast.ClassDef):
            found.update(f"{node.name}::{item.name}" for item in node.body if isinstance(item, functions))
    return frozenset(name for name in found if name.split("::")[-1].startswith("test"))
