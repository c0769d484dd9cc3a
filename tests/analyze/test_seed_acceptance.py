"""Acceptance: the seed document alone, ingested and extracted, warns of violence in Bamako."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sentinelle.alerts.engine_run import AnalysisOptions, run_analysis
from sentinelle.extract import code_documents, load_reference_data
from sentinelle.ingest import ingest
from sentinelle.store import open_database
from sentinelle.store.models import Alert, AlertEvidence, Event


def test_the_seed_alone_raises_a_spread_alert_for_bamako_naming_no_established_perpetrator(
    seed_file: Path, tmp_path: Path
) -> None:
    database = open_database(f"sqlite:///{tmp_path / 'seed.db'}")
    load_reference_data(database, places=False)
    ingest(database, [str(seed_file)])
    code_documents(database)
    run_analysis(database, AnalysisOptions())
    with database.session() as session:
        alerts = session.scalars(
            select(Alert).where(Alert.admin1 == "Bamako", Alert.detector == "spread")
        ).all()
        assert alerts, "no spread alert for Bamako"
        for alert in alerts:
            evidence = session.scalars(
                select(Event)
                .join(AlertEvidence, AlertEvidence.event_id == Event.id)
                .where(AlertEvidence.alert_id == alert.id)
            ).all()
            assert evidence and all(event.admin1 == "Bamako" for event in evidence)
            for event in evidence:
                if event.actor1 and event.attribution_status not in ("claimed", "confirmed"):
                    assert event.actor1 not in alert.explanation
            assert "unidentified" in alert.explanation or "alleged" in alert.explanation
    database.dispose()
