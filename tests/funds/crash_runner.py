"""Run one fund action in this process, for the crash test to kill at a named point.

Usage: python -m tests.funds.crash_runner URL ACTION ARG... (no migration, no CLI: a cheap
start, since the test starts one process per crash point).
"""

from __future__ import annotations

import datetime as dt
import sys

from sentinelle.funds import approve_request, disburse, record_pledge
from sentinelle.store import Database


def main(argv: list[str]) -> None:
    """Run ACTION on the store at URL."""
    url, action, *args = argv
    database = Database(url)
    if action == "disburse":
        disburse(database, int(args[0]))
    elif action == "approve":
        approve_request(database, int(args[0]), args[1])
    elif action == "pledge":
        record_pledge(database, args[0], int(args[1]), args[2], dt.date(2015, 6, 20))
    else:
        raise SystemExit(f"unknown action {action!r}")
    database.dispose()


if __name__ == "__main__":
    main(sys.argv[1:])
