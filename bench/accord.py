"""Accord on real history: the example agreement checked monthly against ACLED's Mali events.

Loads the Mali rows of ``shared/data/acled/acled_sahel_1997_2019.csv`` (never copied into the
project) and the actor dictionary into a fresh SQLite store, imports the example agreement,
runs ``check_agreement`` on the first of every month from July 2015 to December 2018, and
prints the links, the alerts and the time each check took.

    .venv/bin/python -m bench.accord
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from sqlalchemy import func, select

from sentinelle.accord import EXAMPLE_AGREEMENT, check_agreement, import_agreement_file
from sentinelle.extract.reference import load_reference_data
from sentinelle.ingest.acled_csv import read_acled_csv
from sentinelle.settings import Settings
from sentinelle.store import open_database
from sentinelle.store.models import Alert, CommitmentEventLink, Event

ACLED_FILE = Path("data/acled/acled_sahel_1997_2019.csv")
FIRST_CHECK = dt.date(2015, 7, 1)
LAST_CHECK = dt.date(2018, 12, 1)
EVENT_COLUMNS = set(Event.__table__.columns.keys())


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        days.append(day)
        day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return days


def main() -> int:
    """Run the benchmark and print its figures."""
    source = Settings().shared_dir / ACLED_FILE
    if not source.is_file():
        print(f"skipped: {source} is absent")
        return 0
    folder = tempfile.mkdtemp()
    database = open_database(f"sqlite:///{folder}/bench.db")
    load_reference_data(database, places=False)
    with database.session() as session:
        loaded = 0
        for row in read_acled_csv(source):
            if row.error or row.values.get("country") != "Mali":
                continue
            values = {k: v for k, v in row.values.items() if k in EVENT_COLUMNS}
            session.add(Event(**values, producer="bench.acled"))
            loaded += 1
        import_agreement_file(session, EXAMPLE_AGREEMENT)
    timings = []
    for day in _months(FIRST_CHECK, LAST_CHECK):
        moment = dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)
        started = time.perf_counter()
        with database.session() as session:
            check_agreement(session, moment)
        timings.append(time.perf_counter() - started)
    with database.session() as session:
        reasons = Counter(session.scalars(select(CommitmentEventLink.reason)).all())
        by_region = Counter(
            session.scalars(
                select(CommitmentEventLink.region).where(
                    CommitmentEventLink.reason == "signatory-clash"
                )
            ).all()
        )
        alerts = Counter(rule for (rule,) in session.execute(select(Alert.rule)).all())
        years = Counter(
            year
            for (year,) in session.execute(
                select(func.extract("year", Event.event_date))
                .join(CommitmentEventLink, CommitmentEventLink.event_id == Event.id)
                .where(CommitmentEventLink.reason == "signatory-clash")
            ).all()
        )
    print(f"ACLED Mali events loaded: {loaded}")
    print(
        f"monthly checks: {len(timings)}, median {statistics.median(timings) * 1000:.0f} ms, "
        f"max {max(timings) * 1000:.0f} ms"
    )
    print(f"links by reason: {dict(reasons)}")
    print(f"signatory clashes by region: {dict(sorted(by_region.items()))}")
    print(f"signatory clashes by year: {dict(sorted(years.items()))}")
    print(f"alerts by rule: {dict(alerts)}")
    database.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
