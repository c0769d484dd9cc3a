"""Statuses over time: each change dated and sourced, and the status on any past date."""

from __future__ import annotations

import datetime as dt

import pytest

from sentinelle.accord import (
    EXAMPLE_AGREEMENT,
    ImplementationStatus,
    commitment_history,
    find_commitment,
    import_agreement_file,
    list_commitments,
    set_status,
    status_on,
)
from sentinelle.errors import InputError
from sentinelle.store import Database

LEVELS = ImplementationStatus


def _record(db: Database, code: str, level: ImplementationStatus, on: dt.date) -> None:
    with db.session() as session:
        set_status(
            session,
            find_commitment(session, code),
            level,
            on=on,
            source=f"monitoring report {on:%B %Y}",
            note=f"{code} reached {level.label}",
        )


def _example_with_history(db: Database) -> None:
    with db.session() as session:
        import_agreement_file(session, EXAMPLE_AGREEMENT)
    # Recorded out of order on purpose: the status on a date follows the dates, not the input.
    _record(db, "INT-1", LEVELS.FULL, dt.date(2017, 6, 1))
    _record(db, "INT-1", LEVELS.MINIMAL, dt.date(2016, 6, 15))
    _record(db, "INT-1", LEVELS.INTERMEDIATE, dt.date(2017, 3, 1))


# The levels recorded by _example_with_history, seen from dates before, on and after each.
LEVELS_SEEN = [
    (dt.date(2016, 6, 14), LEVELS.NOT_INITIATED),
    (dt.date(2016, 6, 15), LEVELS.MINIMAL),
    (dt.date(2017, 2, 28), LEVELS.MINIMAL),
    (dt.date(2017, 3, 1), LEVELS.INTERMEDIATE),
    (dt.date(2018, 1, 1), LEVELS.FULL),
]


def test_the_status_on_an_earlier_date_is_what_was_true_then(db: Database) -> None:
    _example_with_history(db)
    with db.session() as session:
        commitment = find_commitment(session, "INT-1")
        seen = [(on, status_on(session, commitment, on)) for on, _ in LEVELS_SEEN]
        listed = [
            (on, next(r.level for r in list_commitments(session, on) if r.code == "INT-1"))
            for on, _ in LEVELS_SEEN
        ]
    assert seen == LEVELS_SEEN
    assert listed == LEVELS_SEEN


def test_the_matrix_says_since_when_and_on_whose_word(db: Database) -> None:
    _example_with_history(db)
    with db.session() as session:
        rows = {r.code: r for r in list_commitments(session, dt.date(2017, 4, 1))}
    assert (rows["INT-1"].since, rows["INT-1"].source) == (
        dt.date(2017, 3, 1),
        "monitoring report March 2017",
    )
    assert (rows["DDR-1"].since, rows["DDR-1"].source) == (None, None)


def test_the_history_lists_every_change_with_its_source_in_date_order(db: Database) -> None:
    _example_with_history(db)
    with db.session() as session:
        changes = commitment_history(session, "INT-1")
    assert [(c.on, c.level) for c in changes] == [
        (dt.date(2016, 6, 15), LEVELS.MINIMAL),
        (dt.date(2017, 3, 1), LEVELS.INTERMEDIATE),
        (dt.date(2017, 6, 1), LEVELS.FULL),
    ]
    assert changes[0].source == "monitoring report June 2016"


def test_a_later_correction_on_the_same_date_wins(db: Database) -> None:
    _example_with_history(db)
    _record(db, "INT-1", LEVELS.MINIMAL, dt.date(2017, 3, 1))
    with db.session() as session:
        assert status_on(session, find_commitment(session, "INT-1"), dt.date(2017, 4, 1)) is (
            LEVELS.MINIMAL
        )


def test_a_change_without_source_or_outside_the_agreement_time_is_refused(db: Database) -> None:
    with db.session() as session:
        import_agreement_file(session, EXAMPLE_AGREEMENT)
        commitment = find_commitment(session, "DDR-1")
        with pytest.raises(InputError, match="source"):
            set_status(
                session,
                commitment,
                LEVELS.MINIMAL,
                on=dt.date(2016, 1, 1),
                source=" ",
                note="sites built",
            )
        with pytest.raises(InputError, match="in the future"):
            set_status(
                session,
                commitment,
                LEVELS.MINIMAL,
                on=dt.date(2016, 1, 2),
                source="report",
                note="sites built",
                now=dt.datetime(2016, 1, 1, tzinfo=dt.UTC),
            )
        with pytest.raises(InputError, match="before the agreement"):
            set_status(
                session,
                commitment,
                LEVELS.MINIMAL,
                on=dt.date(2015, 1, 1),
                source="report",
                note="sites built",
            )


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("0", LEVELS.NOT_INITIATED),
        ("full", LEVELS.FULL),
        ("not-initiated", LEVELS.NOT_INITIATED),
        ("Intermediate", LEVELS.INTERMEDIATE),
    ],
)
def test_levels_parse_from_numbers_and_names(text: str, level: ImplementationStatus) -> None:
    assert ImplementationStatus.parse(text) is level


def test_an_unknown_level_is_refused_with_the_scale() -> None:
    with pytest.raises(ValueError, match="3 \\(full\\)"):
        ImplementationStatus.parse("4")
