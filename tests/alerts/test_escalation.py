"""Escalation passes over alerts that nobody is on call for."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from sentinelle.alerts import FakeClock
from sentinelle.alerts.escalation import escalate_overdue
from sentinelle.alerts.responders import ResponderDraft, upsert_responder
from sentinelle.store import Database
from sentinelle.store.models import AlertAssignment
from sentinelle.store.models.response import ResponderRole
from tests.alerts.world import T0, config_for, raise_reported_alert


def test_uncovered_alerts_get_one_warning_per_pass_and_covered_ones_are_assigned(
    db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    with db.session() as session:  # Gao has someone on call; Mopti has nobody, no coordinator
        upsert_responder(
            session,
            ResponderDraft("Awa", ResponderRole.RESPONDER, ["Gao"], email="awa@example.org"),
        )
    for _ in range(3):
        raise_reported_alert(db, region="Mopti")
    raise_reported_alert(db, region="Gao")

    with caplog.at_level(logging.WARNING, logger="sentinelle.alerts.escalation"):
        report = escalate_overdue(db, FakeClock(T0), config_for(25, "http://127.0.0.1:9"))

    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warnings == ["3 open alert(s) have nobody on call to go to: Mopti"]
    assert report.assigned == 1
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(AlertAssignment)) == 1
