"""Verification: rumour versus corroboration, and attribution raised or lowered only on a
source that supports or refutes it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from sentinelle.alerts.verification import (
    SourceDraft,
    attach_source,
    change_attribution,
    corroboration,
)
from sentinelle.errors import IllegalTransition
from sentinelle.store import AttributionStatus, Database
from sentinelle.store.models import Alert, AlertEvidence, AttributionChange, Event
from sentinelle.store.models.response import SourceKind
from tests.alerts.world import T0, raise_reported_alert


def test_one_report_is_a_rumour_until_a_second_source_corroborates_it(db: Database) -> None:
    alert_id = raise_reported_alert(db)
    with db.session() as session:
        assert corroboration(session, alert_id).label == "rumoured"
        alert = session.get_one(Alert, alert_id)
        attach_source(
            session, alert, SourceDraft(SourceKind.CORROBORATES, "RFI, 21 Nov"), "Vera", T0
        )
        assert corroboration(session, alert_id).label == "corroborated"
        attach_source(session, alert, SourceDraft(SourceKind.REFUTES, "MINUSMA patrol"), "Vera", T0)
        assert corroboration(session, alert_id).label == "refuted"


def _event_of(db: Database, alert_id: int) -> int:
    with db.session() as session:
        return session.scalars(
            select(AlertEvidence.event_id).where(AlertEvidence.alert_id == alert_id)
        ).one()


def test_attribution_is_raised_only_with_a_supporting_source(db: Database) -> None:
    alert_id = raise_reported_alert(db)  # its event is "suspected"
    event_id = _event_of(db, alert_id)
    with db.session() as session:
        alert = session.get_one(Alert, alert_id)
        weak = attach_source(
            session,
            alert,
            SourceDraft(
                SourceKind.CORROBORATES, "local radio", supports_status=AttributionStatus.CLAIMED
            ),
            "Vera",
            T0,
        )
        with pytest.raises(IllegalTransition, match="needs a source that supports it"):
            change_attribution(session, event_id, AttributionStatus.CONFIRMED, weak, "Vera", T0)
        change_attribution(session, event_id, AttributionStatus.CLAIMED, weak, "Vera", T0)
    with db.session() as session:
        assert session.get_one(Event, event_id).attribution_status == "claimed"
        assert session.scalars(select(AttributionChange.to_status)).all() == ["claimed"]


def test_attribution_is_lowered_only_on_refutation(db: Database) -> None:
    alert_id = raise_reported_alert(db)
    event_id = _event_of(db, alert_id)
    with db.session() as session:
        alert = session.get_one(Alert, alert_id)
        support = attach_source(
            session, alert, SourceDraft(SourceKind.CORROBORATES, "x"), "Vera", T0
        )
        with pytest.raises(IllegalTransition, match="needs a refuting source"):
            change_attribution(session, event_id, AttributionStatus.RUMOURED, support, "Vera", T0)
        refuting = attach_source(
            session, alert, SourceDraft(SourceKind.REFUTES, "denial"), "Vera", T0
        )
        change_attribution(session, event_id, AttributionStatus.RUMOURED, refuting, "Vera", T0)
    with db.session() as session:
        assert session.get_one(Event, event_id).attribution_status == "rumoured"
