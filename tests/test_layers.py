"""The layers of the apps hold, and import-linter (make lint) is what keeps them."""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(cwd: Path) -> tuple[int, str]:
    result = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    return result.returncode, " ".join(result.stdout.split())  # unwrapped, whatever the terminal width


@pytest.fixture
def source_copy(tmp_path) -> Path:
    """The project's packages and import contracts, copied so a probe never touches the real tree."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    for package in config["root_packages"]:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_code_keeps_every_import_contract():
    returncode, output = lint_imports(ROOT)
    assert returncode == 0, output


def test_the_catalogue_importing_commerce_breaks_the_build(source_copy):
    (source_copy / "catalogue" / "probe.py").write_text("from commerce.orders.models import Order  # noqa: F401\n")
    returncode, output = lint_imports(source_copy)
    assert returncode != 0
    assert "catalogue.probe -> commerce.orders.models" in output


def test_only_payments_may_mark_an_order_paid(source_copy):
    probe = "from commerce.orders.settlement import mark_order_paid  # noqa: F401\n"
    (source_copy / "commerce" / "checkout" / "probe.py").write_text(probe)
    returncode, output = lint_imports(source_copy)
    assert returncode != 0
    assert "Only payments.services settles an order (paid, refunded) BROKEN" in output
