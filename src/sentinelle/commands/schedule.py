"""The server's periodic work: the alerts tick every minute, the agreement check every hour.

``accord check`` raises an alert per missed deadline and links new clashes to ceasefire
commitments; run by hand it was easy to forget, so ``serve`` runs it on a clock too.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sentinelle.settings import Settings

if TYPE_CHECKING:
    from sentinelle.store import Database

log = logging.getLogger(__name__)

# A minute keeps the tightest deadline (30 min to acknowledge a critical alert) well within reach.
TICK_INTERVAL_S = 60.0
# Agreement deadlines are days apart: an hourly check catches a missed one the same hour.
ACCORD_INTERVAL_S = 3600.0


@dataclass(frozen=True)
class Scheduler:
    """Runs the periodic jobs against the store of ``settings`` until stopped."""

    settings: Settings
    tick_every_s: float = TICK_INTERVAL_S
    accord_every_s: float = ACCORD_INTERVAL_S

    def run(self, stop: threading.Event) -> None:
        """Work every ``tick_every_s`` until ``stop`` is set; a failed job is logged, not fatal."""
        from sentinelle.alerts import ResponseConfig, tick
        from sentinelle.store import open_database

        database = open_database(self.settings.database_url, migrate=False)
        config = ResponseConfig.from_settings(self.settings)
        accord_due = time.monotonic()
        try:
            while not stop.wait(self.tick_every_s):
                self._guarded("alerts tick", lambda: tick(database, config))
                if time.monotonic() >= accord_due:
                    accord_due = time.monotonic() + self.accord_every_s
                    self._guarded("accord check", lambda: check_agreements(database))
        finally:
            database.dispose()

    def _guarded(self, name: str, job: Callable[[], object]) -> None:
        try:
            job()
        except Exception:  # the scheduler must outlive one bad run
            log.exception("%s failed; retrying in %s s", name, self.tick_every_s)


def check_agreements(database: Database) -> None:
    """``accord check`` on every stored agreement, as of now."""
    from sentinelle.accord import check_all_agreements

    with database.session() as session:
        for result in check_all_agreements(session, dt.datetime.now(dt.UTC)):
            if result.alerts_raised:
                log.info("%s: %d alert(s) raised", result.agreement, len(result.alerts_raised))
