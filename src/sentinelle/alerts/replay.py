"""A naive alert replay for scoring when no rule-based replay is at hand: every Monday, an
alert for each region whose previous week had a fatal event. It is a baseline, not a model:
the figure any real rule set must beat."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import select

from sentinelle.alerts.raising import AlertDraft, raise_alert
from sentinelle.store import AlertSeverity, Database
from sentinelle.store.models import Event

PRODUCER = "alerts.replay.naive.v1"
RULE = "fatal-previous-week"
# A week's alert must not absorb the next week's: the cool-down ends before next Monday.
COOLDOWN = dt.timedelta(days=6)
# Deaths in the previous week from which the replayed alert is high rather than medium.
HIGH_SEVERITY_FATALITIES = 5


def replay_naive_alerts(database: Database, start: dt.date, end: dt.date) -> int:
    """Raise the baseline's alerts for the Mondays in [start, end); returns how many are new."""
    monday = start + dt.timedelta(days=(7 - start.weekday()) % 7)
    created = 0
    with database.session() as session:
        rows = session.execute(
            select(Event.id, Event.event_date, Event.fatalities, Event.admin1, Event.country).where(
                Event.fatalities > 0,
                Event.event_date >= monday - dt.timedelta(days=7),
                Event.event_date < end,
            )
        ).all()
        by_week: dict[dt.date, dict[str, list[tuple[int, int, str | None]]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for event_id, day, deaths, admin1, country in rows:
            if admin1:
                week = day - dt.timedelta(days=day.weekday())
                by_week[week][admin1].append((event_id, int(deaths or 0), country))
        while monday < end:
            now = dt.datetime.combine(monday, dt.time(), dt.UTC)
            for admin1, events in sorted(by_week[monday - dt.timedelta(days=7)].items()):
                _, new = raise_alert(session, _draft(monday, admin1, events), now)
                created += new
            monday += dt.timedelta(days=7)
    return created


def _draft(monday: dt.date, admin1: str, events: list[tuple[int, int, str | None]]) -> AlertDraft:
    deaths = sum(d for _, d, _ in events)
    severity = AlertSeverity.HIGH if deaths >= HIGH_SEVERITY_FATALITIES else AlertSeverity.MEDIUM
    last_week = monday - dt.timedelta(days=7)
    return AlertDraft(
        key=f"{RULE}:{admin1}:{monday.isoformat()}",
        rule=RULE,
        detector="replay-naive",
        severity=severity,
        title=f"Fatal violence last week in {admin1}",
        explanation=f"{len(events)} fatal event(s), {deaths} death(s) in {admin1} in the week "
        f"of {last_week.isoformat()}; the naive baseline expects more.",
        window_start=last_week,
        window_end=monday - dt.timedelta(days=1),
        cooldown=COOLDOWN,
        producer=PRODUCER,
        event_ids=[event_id for event_id, _, _ in events],
        country=events[0][2],
        admin1=admin1,
    )
