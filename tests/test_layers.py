"""Data flows one way: a stage imports only the stages before it, ``store`` and the base."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "sentinelle"
# Pipeline order: documents -> events -> indicators -> alerts -> responses -> people.
STAGES = ["store", "ingest", "extract", "analyze", "alerts", "accord", "funds", "api", "web"]
BASE_MODULES = {"errors", "settings"}


def _imported_sentinelle_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[1] for name in names if name.startswith("sentinelle.")}


def _stage_files(stage: str) -> list[Path]:
    return sorted((PACKAGE / stage).rglob("*.py"))


@pytest.mark.parametrize("stage", STAGES)
def test_a_stage_imports_no_later_stage(stage: str) -> None:
    allowed = set(STAGES[: STAGES.index(stage) + 1]) | BASE_MODULES | {"store"}
    offending = {
        f"{path.relative_to(PACKAGE)} imports sentinelle.{module}"
        for path in _stage_files(stage)
        for module in _imported_sentinelle_modules(path) - allowed
    }
    assert not offending, sorted(offending)


def test_the_layer_check_catches_a_backward_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from sentinelle.alerts import rules\nimport sentinelle.api.app\n")
    assert _imported_sentinelle_modules(bad) == {"alerts", "api"}


def test_every_stage_is_a_package() -> None:
    assert all((PACKAGE / stage / "__init__.py").is_file() for stage in STAGES)
