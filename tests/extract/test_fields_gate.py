"""The field-level gate (eval/fields.py): passes on the pinned sample, fails under a floor."""

from __future__ import annotations

from pathlib import Path

import pytest
from eval.fields import check, main, read_dev, read_sample, sample_hash


@pytest.mark.slow
@pytest.mark.shared
def test_field_gate_passes_on_the_pinned_sample(shared_dir: Path) -> None:
    assert (shared_dir / "data" / "acled").is_dir()
    assert main(["--check"]) == 0


@pytest.mark.shared
def test_a_field_under_its_floor_fails(shared_dir: Path) -> None:
    sample = read_sample()
    figures: dict[str, dict[str, float | None]] = {
        "heldout_2022": {"actor1": 0.99, "date_exact": 0.5, "fatalities_exact": 0.99},
        "heldout_sahel_2019": {
            "actor1": 0.99, "admin1": 0.99, "location_25km": 0.99, "date_exact": 0.99,
            "fatalities_exact": 0.99,
        },
    }  # fmt: skip
    problems = check(figures, sample_hash(sample))
    assert problems == ["heldout_2022 date_exact 0.500 < floor 0.990"]


def test_another_sample_fails() -> None:
    assert any("not the pinned" in p for p in check({}, "0" * 64))


def test_misses_are_never_listed_for_held_out_notes(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as refused:
        main(["--misses", str(tmp_path / "misses.tsv")])
    assert refused.value.code == 2 and not (tmp_path / "misses.tsv").exists()


@pytest.mark.shared
def test_development_notes_of_2022_are_never_held_out(shared_dir: Path) -> None:
    development = read_dev(200, notes_2022=True)
    held_out = {g.event_id for g in read_sample(2000) if g.split == "heldout_2022"}
    assert len(development) == 200
    assert all(g.split == "dev_2022" for g in development)
    assert not held_out & {g.event_id for g in development}


@pytest.mark.shared
def test_other_development_years_never_reach_held_out_notes(
    shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kenya = read_dev(50, years=("acled_kenya_2004_2019.csv", "2017,2018"))
    assert len(kenya) == 50 and all(g.event_date.year in (2017, 2018) for g in kenya)
    assert main(["--dev", "--dev-years", "acled_sahel_1997_2019.csv", "2018,2019"]) == 2
    assert "held-out notes are never development notes" in capsys.readouterr().err
