"""Scores against hand-computed values, and the overdue report."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from sentinelle.accord import (
    ImplementationStatus,
    compute_scores,
    find_commitment,
    find_overdue,
    import_agreement_file,
    score_series,
    set_status,
)
from sentinelle.store import Database
from tests.accord.conftest import WriteAgreement

LEVELS = ImplementationStatus
# (commitment, level, date) recorded on the small agreement of conftest.py.
HISTORY = [
    ("CF", LEVELS.FULL, dt.date(2015, 7, 1)),
    ("CANT", LEVELS.MINIMAL, dt.date(2015, 8, 1)),
    ("INT", LEVELS.INTERMEDIATE, dt.date(2015, 10, 1)),
    ("CANT", LEVELS.INTERMEDIATE, dt.date(2016, 1, 1)),
]


@pytest.fixture
def scored(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> Database:
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        for code, level, on in HISTORY:
            set_status(
                session,
                find_commitment(session, code),
                level,
                on=on,
                source="report",
                note="observed",
            )
    return db


# On 2016-06-01: CF 3, CANT 2, INT 2, LAW 0. Each commitment could score 3.
EXPECTED_2016 = {
    ("overall", "all"): Fraction(3 + 2 + 2 + 0, 12),
    ("theme", "defence-security"): Fraction(3 + 2, 6),  # CF, CANT
    ("theme", "political-institutional"): Fraction(2 + 0, 6),  # INT, LAW
    ("party", "gov"): Fraction(3 + 2 + 2 + 0, 12),  # responsible for all four
    ("party", "cma"): Fraction(3 + 2, 6),  # CF, CANT
    ("party", "plat"): Fraction(3 + 0, 6),  # CF, LAW
    ("region", "ML07"): Fraction(3, 3),  # CF
    ("region", "ML08"): Fraction(3 + 2, 6),  # CF, CANT (its cercle ML0801 is in ML08)
    ("region", "ML06"): Fraction(2, 3),  # INT
    ("region", "national"): Fraction(0, 3),  # LAW names no region
}


def test_scores_match_the_hand_computed_shares(scored: Database) -> None:
    with scored.session() as session:
        scores = compute_scores(session, dt.date(2016, 6, 1))
    got = {(s.dimension, s.key): Fraction(s.points, s.max_points) for s in scores}
    assert got == EXPECTED_2016
    overall = next(s for s in scores if s.dimension == "overall")
    assert overall.share == pytest.approx(7 / 12)


def test_scores_over_time_follow_the_recorded_dates(scored: Database) -> None:
    dates = [dt.date(2015, 6, 30), dt.date(2015, 9, 1), dt.date(2016, 6, 1)]
    with scored.session() as session:
        series = score_series(session, dates)
    overall = [(s.on, s.points) for s in series if s.dimension == "overall"]
    assert overall == [(dates[0], 0), (dates[1], 3 + 1), (dates[2], 3 + 2 + 2)]


def test_the_overdue_report_names_responsible_parties(scored: Database) -> None:
    with scored.session() as session:
        overdue = find_overdue(session, dt.date(2016, 1, 15))
    # CANT was due 2015-10-20 (4 months after entry into force) and is intermediate;
    # INT was due 2015-09-20; LAW (due 2016-06-19) is not yet due; CF has no deadline.
    assert [(o.status.code, o.status.days_overdue) for o in overdue] == [("INT", 117), ("CANT", 87)]
    assert overdue[1].responsible_names == ("CMA", "Government")


def test_a_fully_implemented_commitment_is_not_overdue(scored: Database) -> None:
    with scored.session() as session:
        set_status(
            session,
            find_commitment(session, "INT"),
            LEVELS.FULL,
            on=dt.date(2016, 1, 10),
            source="report",
            note="installed",
        )
        overdue = find_overdue(session, dt.date(2016, 1, 15))
    assert [o.status.code for o in overdue] == ["CANT"]
