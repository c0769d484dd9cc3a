"""The quality gate runs on the shipped model and passes; it fails on a doctored corpus."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval.corpus import CorpusScores
from eval.gate import FLOORS_FILE, judge, read_floors, render, run_gate


@pytest.mark.shared
def test_the_gate_passes_on_the_shipped_model(shared_dir: Path) -> None:
    assert (shared_dir / "data" / "acled").is_dir()
    report, passed = run_gate()
    assert passed, report
    assert "acled_heldout_sahel_2019" in report and "own_sentences_fr" in report


def test_a_figure_under_its_floor_fails_the_gate() -> None:
    floors = {"toy": {"sha256": "abc", "weighted_f1": 0.9}}
    verdicts, problems = judge([CorpusScores("toy", "abc", {"weighted_f1": 0.5})], floors)
    assert problems == []
    assert [v.passed for v in verdicts] == [False]
    assert "BELOW FLOOR" in render(verdicts)


def test_a_changed_corpus_fails_the_gate() -> None:
    floors = {"toy": {"sha256": "abc", "weighted_f1": 0.1}}
    _, problems = judge([CorpusScores("toy", "def", {"weighted_f1": 0.5})], floors)
    assert problems and "re-pin" in problems[0]


def test_a_pinned_corpus_without_scorer_fails_the_gate() -> None:
    _, problems = judge([], {"gone": {"sha256": "abc"}})
    assert problems == ["gone: has floors but no scorer produced it"]


def test_every_pinned_corpus_has_a_hash_and_floors_above_the_baseline() -> None:
    floors = read_floors(FLOORS_FILE)
    assert {"acled_heldout_2022", "acled_heldout_sahel_2019", "own_sentences"} <= set(floors)
    assert all(len(table["sha256"]) == 64 for table in floors.values())
    assert floors["own_sentences"]["weighted_f1"] > 0.576
    assert floors["own_sentences"]["macro_f1"] > 0.551
