"""Implementation status over time: dated, sourced changes and the status on any date.

A change records the date the level became true, its source and its justification; the
status on a date is the latest change dated on or before it (the one recorded last when
two share a date), and ``not initiated`` before the first.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from sentinelle.accord.register import find_commitment
from sentinelle.accord.schema import ImplementationStatus
from sentinelle.errors import InputError
from sentinelle.store.models import Agreement, Commitment, StatusChange, utcnow


@dataclass(frozen=True)
class StatusRecord:
    """One change of a commitment's level, as the history lists it."""

    commitment: str
    level: ImplementationStatus
    on: dt.date
    source: str
    note: str
    recorded_by: str | None
    recorded_at: dt.datetime


def set_status(
    session: Session,
    commitment: Commitment,
    level: ImplementationStatus,
    *,
    on: dt.date,
    source: str,
    note: str,
    recorded_by: str | None = None,
    now: dt.datetime | None = None,
) -> StatusChange:
    """Record that ``commitment`` reached ``level`` on ``on``, citing a source and a reason."""
    if not source.strip():
        raise InputError("a status change needs its source (a report, a meeting, a URL)")
    if not note.strip():
        raise InputError("a status change needs a note justifying the level")
    signed = commitment.agreement.first_signed_on
    if on < signed:
        raise InputError(f"{on} is before the agreement was first signed ({signed})")
    today = (now or utcnow()).date()
    if on > today:
        raise InputError(f"{on} is in the future: record a level once it is true (today {today})")
    change = StatusChange(
        commitment_id=commitment.id,
        level=int(level),
        on_date=on,
        source=source.strip(),
        note=note.strip(),
        recorded_by=recorded_by,
    )
    if now is not None:
        change.recorded_at = now
    session.add(change)
    session.flush()
    return change


def changes_in_effect(
    session: Session, commitment_ids: Iterable[int], on: dt.date
) -> dict[int, StatusChange | None]:
    """The change in effect on ``on`` for each commitment (None before the first)."""
    ids = list(commitment_ids)
    current: dict[int, StatusChange | None] = dict.fromkeys(ids)
    if not ids:
        return current
    rows = session.scalars(
        select(StatusChange)
        .where(StatusChange.commitment_id.in_(ids), StatusChange.on_date <= on)
        .order_by(StatusChange.on_date, StatusChange.id)
    )
    for change in rows:
        current[change.commitment_id] = change
    return current


def statuses_on(
    session: Session, commitment_ids: Iterable[int], on: dt.date
) -> dict[int, ImplementationStatus]:
    """The level of each commitment on ``on`` (not initiated when nothing was recorded)."""
    return {
        ident: ImplementationStatus(change.level) if change else ImplementationStatus.NOT_INITIATED
        for ident, change in changes_in_effect(session, commitment_ids, on).items()
    }


def status_on(session: Session, commitment: Commitment, on: dt.date) -> ImplementationStatus:
    """The level of one commitment on ``on``."""
    return statuses_on(session, [commitment.id], on)[commitment.id]


def history(session: Session, commitment: Commitment) -> list[StatusRecord]:
    """Every recorded change of a commitment, oldest date first."""
    changes = session.scalars(
        select(StatusChange)
        .where(StatusChange.commitment_id == commitment.id)
        .order_by(StatusChange.on_date, StatusChange.id)
    )
    return [
        StatusRecord(
            commitment=commitment.code,
            level=ImplementationStatus(change.level),
            on=change.on_date,
            source=change.source,
            note=change.note,
            recorded_by=change.recorded_by,
            recorded_at=change.recorded_at,
        )
        for change in changes
    ]


def commitment_history(
    session: Session, code: str, *, agreement: str | None = None
) -> list[StatusRecord]:
    """The history of the commitment with id ``code`` in the agreement file."""
    return history(session, find_commitment(session, code, agreement))


def change_dates(session: Session, agreement: Agreement) -> list[dt.date]:
    """The dates on which any commitment of the agreement changed level, in order."""
    rows = session.scalars(
        select(StatusChange.on_date)
        .join(Commitment, Commitment.id == StatusChange.commitment_id)
        .where(Commitment.agreement_id == agreement.id)
        .distinct()
    )
    return sorted(set(rows))


def deadline_of(commitment: Commitment, agreement: Agreement) -> dt.date | None:
    """The commitment's deadline as a date; None when it has none or is not yet datable."""
    if commitment.deadline_on is not None:
        return commitment.deadline_on
    if commitment.deadline_months is None and commitment.deadline_days is None:
        return None
    start = agreement.entry_into_force
    if start is None:
        return None
    shifted = add_months(start, commitment.deadline_months or 0)
    return shifted + dt.timedelta(days=commitment.deadline_days or 0)


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` moved by whole calendar months, clamped to the month's last day."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def levels_by_commitment(
    session: Session, commitments: Sequence[Commitment], dates: Sequence[dt.date]
) -> dict[dt.date, dict[int, ImplementationStatus]]:
    """The level of every commitment on every date, read in one query."""
    ids = [commitment.id for commitment in commitments]
    changes: dict[int, list[tuple[dt.date, int]]] = defaultdict(list)
    if ids:
        rows = session.execute(
            select(StatusChange.commitment_id, StatusChange.on_date, StatusChange.level)
            .where(StatusChange.commitment_id.in_(ids))
            .order_by(StatusChange.on_date, StatusChange.id)
        )
        for commitment_id, on_date, level in rows:
            changes[commitment_id].append((on_date, level))
    result: dict[dt.date, dict[int, ImplementationStatus]] = {}
    for day in dates:
        levels = {}
        for ident in ids:
            level = ImplementationStatus.NOT_INITIATED
            for on_date, value in changes.get(ident, []):
                if on_date > day:
                    break
                level = ImplementationStatus(value)
            levels[ident] = level
        result[day] = levels
    return result
