"""The accord part of ``sentinelle demo``: the example agreement, a few dated statuses, scores."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import func, select

from sentinelle.accord.checks import CEASEFIRE_RULE, check_agreement
from sentinelle.accord.register import find_commitment, import_agreement_file
from sentinelle.accord.schema import ImplementationStatus
from sentinelle.accord.scores import compute_scores
from sentinelle.accord.status import set_status
from sentinelle.store import Database
from sentinelle.store.models import Alert, Event

EXAMPLE_FILE = Path(__file__).with_name("examples") / "algiers_2015.yaml"
DEMO_SOURCE = "Sentinelle demo (illustrative status, not an assessment)"
# (commitment, level, date, note): made-up progress to show statuses changing over time.
DEMO_STATUSES = [
    ("CSA-1", ImplementationStatus.INTERMEDIATE, dt.date(2015, 7, 15), "committee installed"),
    ("MOC-1", ImplementationStatus.MINIMAL, dt.date(2016, 2, 1), "headquarters identified"),
    ("MOC-1", ImplementationStatus.INTERMEDIATE, dt.date(2017, 1, 15), "first mixed units"),
    ("INT-1", ImplementationStatus.MINIMAL, dt.date(2016, 6, 15), "decree adopted"),
    ("INT-1", ImplementationStatus.INTERMEDIATE, dt.date(2017, 3, 1), "authorities installed"),
    ("DDR-1", ImplementationStatus.MINIMAL, dt.date(2016, 9, 1), "sites under construction"),
]
# The dates the demo reports the overall score on, a year apart.
DEMO_SCORE_DATES = (dt.date(2016, 6, 30), dt.date(2017, 6, 30))


def run_accord_demo(database: Database) -> str:
    """Import the example agreement, record the demo statuses, check, and summarise scores."""
    with database.session() as session:
        result = import_agreement_file(session, EXAMPLE_FILE)
        for code, level, on, note in DEMO_STATUSES:
            commitment = find_commitment(session, code, result.agreement)
            set_status(session, commitment, level, on=on, source=DEMO_SOURCE, note=note)
    shares = []
    with database.session() as session:
        for day in DEMO_SCORE_DATES:
            overall = next(
                s
                for s in compute_scores(session, day, agreement=result.agreement)
                if s.dimension == "overall"
            )
            shares.append(f"{100 * overall.share:.1f}% on {day}")
        # Check as of the day after the latest event stored (the scenario's "today").
        latest = session.scalar(select(func.max(Event.event_date))) or DEMO_SCORE_DATES[-1]
        moment = dt.datetime.combine(latest + dt.timedelta(days=1), dt.time(12), tzinfo=dt.UTC)
        checked = check_agreement(session, moment, agreement=result.agreement)
        violations = session.scalar(
            select(func.count())
            .select_from(Alert)
            .where(Alert.id.in_(checked.alerts_raised), Alert.rule == CEASEFIRE_RULE)
        )
    return (
        f"{result.agreement}: {result.commitments} commitments; overall score "
        f"{' -> '.join(shares)}; check on {moment.date()}: {checked.overdue} overdue, "
        f"{checked.new_links} event link(s), {violations} ceasefire violation(s), "
        f"{len(checked.alerts_raised)} alert(s) raised"
    )
