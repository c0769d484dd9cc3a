"""``sentinelle accord`` as a user runs it: import, set, status on a date, report, check."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sentinelle.accord import EXAMPLE_AGREEMENT
from sentinelle.cli import main
from tests.accord.conftest import WriteAgreement


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def _jsonl(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


@pytest.fixture
def cli_db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    """The --db arguments of a store holding the example agreement with two recorded levels."""
    base = ["--db", str(tmp_path / "accord.db")]
    assert _run([*base, "accord", "import", str(EXAMPLE_AGREEMENT)], capsys)[0] == 0
    for level, on in (("minimal", "2016-06-15"), ("3", "2017-06-01")):
        code, _, err = _run(
            [
                *base,
                "accord",
                "set",
                "INT-1",
                level,
                "--on",
                on,
                "--source",
                "CSA report",
                "--note",
                "observed by the mission",
            ],
            capsys,
        )
        assert code == 0, err
    return base


def test_status_on_an_earlier_date_prints_what_was_true_then(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    for on, status in (
        ("2016-01-01", "not initiated"),
        ("2016-12-31", "minimal"),
        ("2017-06-01", "full"),
    ):
        code, out, _ = _run([*cli_db, "accord", "status", "--on", on, "-f", "jsonl"], capsys)
        assert code == 0
        row = next(r for r in _jsonl(out) if r["commitment"] == "INT-1")
        assert row["status"] == status
    assert row["since"] == "2017-06-01" and row["source"] == "CSA report"
    assert row["indicators"] == [
        "interim authorities installed per region",
        "operating budget transferred",
    ]


def test_the_report_prints_scores_per_theme_and_party_and_the_overdue_list(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*cli_db, "accord", "report", "--on", "2017-06-01", "-f", "jsonl"], capsys)
    assert code == 0
    rows = _jsonl(out)
    scores = {(r["dimension"], r["key"]): r for r in rows if r["section"] == "score"}
    # 14 commitments, INT-1 full (3 points): 3 / 42 overall; 3 / 12 for its theme's 4.
    assert (scores[("overall", "all")]["points"], scores[("overall", "all")]["max_points"]) == (
        3,
        42,
    )
    assert scores[("theme", "political-institutional")]["percent"] == "25.0%"
    assert scores[("party", "cma")]["max_points"] == 24
    overdue = [r["commitment"] for r in rows if r["section"] == "overdue"]
    assert "INT-1" not in overdue and "MOC-1" in overdue


def test_check_raises_overdue_alerts_once(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*cli_db, "accord", "check", "--now", "2015-09-01"], capsys)
    assert code == 0
    assert "2 overdue commitment(s)" in out and "2 alert(s) raised" in out
    code, out, _ = _run([*cli_db, "accord", "check", "--now", "2015-09-02"], capsys)
    assert "0 alert(s) raised, 2 updated" in out


def test_a_malformed_file_exits_2_naming_the_field(
    tmp_path: Path,
    small_agreement: dict[str, Any],
    write_agreement: WriteAgreement,
    capsys: pytest.CaptureFixture[str],
) -> None:
    small_agreement["provisions"][0]["theme"] = "security"
    path = write_agreement(small_agreement)
    code, _, err = _run(["--db", str(tmp_path / "x.db"), "accord", "import", str(path)], capsys)
    assert code == 2
    assert "provisions[0] (id 'sec'), field 'theme'" in err
    assert "Traceback" not in err


def test_the_timeline_gives_the_overall_score_on_each_change_date(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*cli_db, "accord", "timeline", "--by", "overall", "-f", "jsonl"], capsys)
    assert code == 0
    points = [(r["on"], r["points"]) for r in _jsonl(out)]
    # Signature, entry into force, then INT-1 minimal (1 point) and full (3 points).
    assert points == [("2015-05-15", 0), ("2015-06-20", 0), ("2016-06-15", 1), ("2017-06-01", 3)]


def test_history_lists_the_recorded_changes_with_their_source(
    cli_db: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run([*cli_db, "accord", "history", "INT-1", "-f", "csv"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "on,level,status,source,note,recorded_by",
        "2016-06-15,1,minimal,CSA report,observed by the mission,",
        "2017-06-01,3,full,CSA report,observed by the mission,",
    ]


def test_export_writes_a_file_that_imports_into_a_fresh_store(
    cli_db: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    exported = tmp_path / "exported.yaml"
    assert _run([*cli_db, "accord", "export", "-o", str(exported)], capsys)[0] == 0
    fresh = ["--db", str(tmp_path / "fresh.db")]
    code, _, err = _run([*fresh, "accord", "import", str(exported)], capsys)
    assert code == 0
    assert "14 commitments" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["status", "--on", "31/12/2016"], "--on: '31/12/2016' is not a date"),
        (
            ["set", "NOPE-1", "full", "--on", "2016-01-01", "--source", "s", "--note", "n"],
            "no commitment 'NOPE-1'",
        ),
        (["check", "--now", "yesterday"], "--now: 'yesterday' is not a date"),
        (["timeline", "--by", "donor"], "--by: 'donor'"),
    ],
)
def test_bad_arguments_exit_2_with_one_clear_line(
    cli_db: list[str], args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run([*cli_db, "accord", *args], capsys)
    assert code == 2
    assert message in err and "Traceback" not in err
