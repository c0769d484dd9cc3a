"""Field monitors' reports (KoboToolbox CSV exports, JSON) become one document per report."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from sqlalchemy import select

from sentinelle.ingest import IngestOptions, ingest
from sentinelle.store import Database
from sentinelle.store.enums import SourceKind
from sentinelle.store.identities import IdentityVault
from sentinelle.store.models import Document, ReporterIdentity

KOBO_CSV = (Path(__file__).with_name("fixtures") / "kobo_export.csv").read_text(encoding="utf-8")


def _documents(db: Database) -> list[Document]:
    with db.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.id)))
        session.expunge_all()
    return documents


def test_a_kobo_export_gives_one_document_per_report(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kobo_export.csv"
    path.write_text(KOBO_CSV, encoding="utf-8")
    report = ingest(db, [str(path)])
    ber, ansongo = _documents(db)
    assert report.counts.new == 2 and report.counts.rejected == 1
    assert report.counts.rejections == [f"{path}: line 3: no report text"]
    assert ber.kind == SourceKind.FIELD_CSV.value
    assert (ber.author, ber.dateline, ber.language) == (None, "Ber", "en")
    assert ber.published_on == dt.date(2015, 11, 18)
    assert ber.origin == f"{path}#5a1f-01"
    assert ansongo.language == "fr" and ansongo.dateline == "Ansongo"


def test_field_reports_in_json_are_read(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "reports.json"
    reports = [
        {
            "reporter": "Monitor 2",
            "received": "2015-11-20T18:05:00+00:00",
            "place": "Kidal",
            "text": "Vehicles of an armed group seen leaving Kidal towards Anefis this evening.",
        }
    ]
    path.write_text(json.dumps({"reports": reports}), encoding="utf-8")
    ingest(db, [str(path)])
    (document,) = _documents(db)
    assert document.kind == SourceKind.FIELD_JSON.value
    assert document.published_at == dt.datetime(2015, 11, 20, 18, 5, tzinfo=dt.UTC)
    assert document.title == "Field report from Kidal"


def test_reingesting_field_reports_adds_nothing(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kobo_export.csv"
    path.write_text(KOBO_CSV, encoding="utf-8")
    ingest(db, [str(path)])
    again = ingest(db, [str(path)])
    assert again.counts.new == 0 and again.counts.duplicate == 2
    assert len(_documents(db)) == 2


def test_a_semicolon_separated_export_is_read(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "rapports.csv"
    path.write_text(
        "rapporteur;date;lieu;rapport\n"
        "Moniteur 5;2015-11-20;Douentza;Des tirs ont été entendus près de Boni ce matin.\n",
        encoding="utf-8",
    )
    report = ingest(db, [str(path)])
    (document,) = _documents(db)
    assert report.counts.new == 1
    assert (document.author, document.dateline) == (None, "Douentza")
    assert document.published_on == dt.date(2015, 11, 20)


def test_a_reporter_identity_is_kept_only_encrypted(db: Database, tmp_path: Path) -> None:
    key = IdentityVault.new_key()
    path = tmp_path / "kobo_export.csv"
    path.write_text(KOBO_CSV, encoding="utf-8")
    ingest(db, [str(path)], IngestOptions(reporter_key=key))
    ber = _documents(db)[0]
    assert "Monitor 14" not in json.dumps(ber.meta) and ber.author is None
    with db.session() as session:
        stored = session.scalars(select(ReporterIdentity)).all()
        assert all(b"Monitor 14" not in row.ciphertext for row in stored)
        assert IdentityVault.from_key_text(key).reveal(session, ber.id) == "Monitor 14"


def test_without_a_key_reporter_identities_are_discarded(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "kobo_export.csv"
    path.write_text(KOBO_CSV, encoding="utf-8")
    ingest(db, [str(path)])
    with db.session() as session:
        assert session.scalars(select(ReporterIdentity)).all() == []
    assert all("Monitor" not in json.dumps(doc.meta) for doc in _documents(db))
