"""Agreement files for the accord tests: a small hand-made agreement, written to disk."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from sentinelle.store import Database

# A small agreement whose scores are easy to compute by hand: 4 commitments, 3 parties.
SMALL_AGREEMENT: dict[str, Any] = {
    "schema": "sentinelle.accord/1",
    "id": "test-accord",
    "title": "Test agreement",
    "entry_into_force": "2015-06-20",
    "parties": [
        {"id": "gov", "name": "Government", "actors": ["Military Forces of Mali"]},
        {"id": "cma", "name": "CMA", "actors": ["CMA", "MNLA"]},
        {"id": "plat", "name": "Platform", "actors": ["GATIA"]},
    ],
    "signatures": [
        {"party": "gov", "signed_on": "2015-05-15"},
        {"party": "plat", "signed_on": "2015-05-15"},
        {"party": "cma", "signed_on": "2015-06-20"},
    ],
    "provisions": [
        {
            "id": "sec",
            "theme": "defence-security",
            "title": "Security",
            "commitments": [
                {
                    "id": "CF",
                    "title": "Ceasefire",
                    "kind": "ceasefire",
                    "responsible": ["gov", "cma", "plat"],
                    "regions": ["ML07", "ML08"],
                },
                {
                    "id": "CANT",
                    "title": "Cantonment",
                    "kind": "cantonment",
                    "responsible": ["gov", "cma"],
                    "concerned": ["cma"],
                    "deadline": {"months_after_entry_into_force": 4},
                    "regions": ["ML0801"],
                },
            ],
        },
        {
            "id": "pol",
            "theme": "political-institutional",
            "title": "Institutions",
            "commitments": [
                {
                    "id": "INT",
                    "title": "Interim authorities",
                    "responsible": ["gov"],
                    "deadline": {"date": "2015-09-20"},
                    "regions": ["ML06"],
                },
                {
                    "id": "LAW",
                    "title": "Decentralisation law",
                    "responsible": ["gov", "plat"],
                    "deadline": {"days_after_entry_into_force": 365},
                },
            ],
        },
    ],
}

WriteAgreement = Callable[[dict[str, Any]], Path]


@pytest.fixture
def small_agreement() -> dict[str, Any]:
    """A fresh copy of the small agreement, to modify freely."""
    return copy.deepcopy(SMALL_AGREEMENT)


@pytest.fixture
def write_agreement(tmp_path: Path) -> WriteAgreement:
    """Write an agreement mapping as a YAML file and return its path."""

    def write(data: dict[str, Any]) -> Path:
        path = tmp_path / f"{data.get('id', 'agreement')}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """A fresh migrated SQLite store, for file-validation tests that need no second backend."""
    path = tmp_path / "accord.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()
