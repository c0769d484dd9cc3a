"""The server's scheduler runs the alerts tick and, on its own clock, the agreement check."""

from __future__ import annotations

import threading
import time

from sqlalchemy import func, select

from sentinelle.accord import EXAMPLE_AGREEMENT
from sentinelle.cli import main
from sentinelle.commands.schedule import Scheduler
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.models import Alert


def _accord_alerts(db: Database) -> int:
    with db.session() as session:
        query = select(func.count()).select_from(Alert).where(Alert.rule.like("accord%"))
        return session.scalar(query) or 0


def test_the_scheduler_raises_the_alerts_of_missed_agreement_deadlines(
    db: Database, db_url: str
) -> None:
    try:
        main(["--db", db_url, "accord", "import", str(EXAMPLE_AGREEMENT)])
    except SystemExit as exit_:
        assert exit_.code in (0, None)
    assert _accord_alerts(db) == 0
    stop = threading.Event()
    scheduler = Scheduler(Settings(database_url=db_url), tick_every_s=0.05)
    thread = threading.Thread(target=scheduler.run, args=(stop,))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while _accord_alerts(db) == 0 and time.monotonic() < deadline:
            time.sleep(0.1)
        raised = _accord_alerts(db)
        time.sleep(0.5)  # several more ticks: the hourly check must not run again
    finally:
        stop.set()
        thread.join(timeout=30)
    assert raised > 0
    assert _accord_alerts(db) == raised
