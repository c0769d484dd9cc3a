"""One situation raises one alert, updated while its cool-down lasts."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import func, select

from sentinelle.alerts import AlertDraft, raise_alert
from sentinelle.alerts.raising import raise_alerts
from sentinelle.store import AlertSeverity, Database
from sentinelle.store.models import Alert, AlertEvidence, Event

NOW = dt.datetime(2015, 11, 21, 8, tzinfo=dt.UTC)


def _event(db: Database, ident: str) -> int:
    with db.session() as session:
        event = Event(
            event_id_cnty=ident,
            event_date=dt.date(2015, 11, 20),
            year=2015,
            event_type="Violence against civilians",
            sub_event_type="Attack",
            admin1="Bamako",
            producer="test.v1",
        )
        session.add(event)
        session.flush()
        return event.id


def _draft(event_ids: list[int], severity: AlertSeverity = AlertSeverity.MEDIUM) -> AlertDraft:
    return AlertDraft(
        key="spread:Bamako",
        rule="spread-capital",
        detector="spread",
        severity=severity,
        title="Violence reaches Bamako",
        explanation="1 violent event in Bamako after 90 quiet days.",
        window_start=dt.date(2015, 11, 20),
        window_end=dt.date(2015, 11, 20),
        cooldown=dt.timedelta(days=7),
        producer="alerts.rules.v1",
        event_ids=event_ids,
        admin1="Bamako",
    )


def test_the_same_situation_updates_the_open_alert(db: Database) -> None:
    first, second = _event(db, "E1"), _event(db, "E2")
    with db.session() as session:
        _, created = raise_alert(session, _draft([first]), NOW)
        assert created
    with db.session() as session:
        alert, created = raise_alert(
            session, _draft([first, second], AlertSeverity.HIGH), NOW + dt.timedelta(days=1)
        )
        assert not created
        assert alert.severity == "high"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 1
        assert session.scalar(select(func.count()).select_from(AlertEvidence)) == 2


def test_after_the_cooldown_a_new_alert_is_raised(db: Database) -> None:
    event_id = _event(db, "E1")
    with db.session() as session:
        raise_alert(session, _draft([event_id]), NOW)
    with db.session() as session:
        _, created = raise_alert(session, _draft([event_id]), NOW + dt.timedelta(days=8))
        assert created


def test_raising_in_bulk_updates_the_alert_a_repeated_key_raised(db: Database) -> None:
    first, second, third = _event(db, "E1"), _event(db, "E2"), _event(db, "E3")
    with db.session() as session:
        raise_alert(session, _draft([first]), NOW)
    other = replace(_draft([third]), key="spread:Kidal", admin1="Kidal")
    drafts = [_draft([first, second]), other, _draft([second], AlertSeverity.HIGH)]
    with db.session() as session:
        results = raise_alerts(session, drafts, NOW + dt.timedelta(days=1))
    assert [created for _, created in results] == [False, True, False]
    assert results[0][0].id == results[2][0].id and results[0][0].severity == "high"
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Alert)) == 2
        evidence = session.execute(select(AlertEvidence.alert_id, AlertEvidence.event_id)).all()
    assert sorted(e for a, e in evidence if a == results[0][0].id) == [first, second]
    assert [e for a, e in evidence if a == results[1][0].id] == [third]
