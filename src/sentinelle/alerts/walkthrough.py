"""The demo's rapid-reaction step: load the example roster and run one scheduler pass."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from sentinelle.alerts.clock import Clock, SystemClock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.escalation import escalate_overdue
from sentinelle.alerts.responders import import_roster, read_roster_csv
from sentinelle.store import Database
from sentinelle.store.models import OutboxMessage

# A fictional contact group (example.org addresses) covering Mali's regions.
EXAMPLE_ROSTER = Path(__file__).with_name("examples") / "roster.csv"


def run_respond_demo(database: Database, clock: Clock | None = None) -> str:
    """Load the example roster, assign and escalate open alerts; a one-line summary.

    Notifications are queued, not sent: the demo has no mail server (``alerts tick`` sends).
    """
    with database.session() as session:
        added, _ = import_roster(session, read_roster_csv(EXAMPLE_ROSTER))
    report = escalate_overdue(database, clock or SystemClock(), ResponseConfig())
    with database.session() as session:
        queued = session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
    return (
        f"{added} responders on the roster; {report.assigned} alerts assigned on call, "
        f"{report.escalated} escalations; {queued} notifications queued for 'alerts tick'"
    )
