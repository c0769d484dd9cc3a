"""The accord demo step: example agreement, dated statuses, overall score over time."""

from __future__ import annotations

from sentinelle.accord import run_accord_demo
from sentinelle.store import Database


def test_the_demo_step_reports_the_overall_score_over_time(db: Database) -> None:
    summary = run_accord_demo(db)
    # 2016-06-30: CSA-1 2 + MOC-1 1 + INT-1 1 = 4 of 42; 2017-06-30: 2 + 2 + 2 + DDR-1 1 = 7.
    assert "9.5% on 2016-06-30 -> 16.7% on 2017-06-30" in summary
    # No events stored: the check runs as of the last score date.
    assert "check on 2017-07-01: 13 overdue, 0 event link(s)" in summary
    assert "13 alert(s) raised" in summary
