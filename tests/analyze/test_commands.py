"""``sentinelle analyze`` and ``backtest`` as a user runs them, and their refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from sentinelle.cli import main
from sentinelle.store import open_database
from sentinelle.store.models import Alert, IndicatorCell
from tests.analyze.store_events import add_event


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_analyze_prints_a_summary_and_raises_the_alert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ew.db'}"
    database = open_database(url)
    add_event(database, dt.date(2015, 11, 20), "Bamako", fatalities=20)
    code, out, _ = run(["--db", url, "analyze", "--no-forecasts"], capsys)
    assert code == 0
    assert "indicators: 1 new events" in out
    assert "2 alerts raised" in out
    database.dispose()


def test_a_bad_rules_file_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'ew.db'}"
    database = open_database(url)
    add_event(database, dt.date(2015, 11, 20), "Bamako", fatalities=20)
    rules = tmp_path / "rules.yaml"
    rules.write_text("rules:\n  - {name: capital, detector: spread, params: {quiet_days: -1}}\n")
    code, _, err = run(["--db", url, "analyze", "--rules", str(rules)], capsys)
    assert code == 2
    assert "rule 'capital', field params.quiet_days" in " ".join(err.split())
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 0
        assert session.scalar(select(func.count()).select_from(IndicatorCell)) == 0
    database.dispose()


def test_backtest_without_events_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(["--db", f"sqlite:///{tmp_path / 'x.db'}", "backtest"], capsys)
    assert code == 2
    assert "no events to replay" in err
