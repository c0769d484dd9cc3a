"""The bundled exercise scenario ingests cleanly, in English and French, as the demo's step."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from sentinelle.demo import DEMO_STEPS, DemoRun
from sentinelle.ingest.examples import example_files, ingest_examples
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.models import Document


def test_every_example_is_marked_as_an_exercise() -> None:
    files = example_files()
    assert len(files) >= 6
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert "EXERCISE - fictitious incidents" in text or "EXERCICE - incidents fictifs" in text


def test_the_scenario_gives_dated_documents_in_both_languages(db: Database) -> None:
    report, line = ingest_examples(db)
    with db.session() as session:
        documents = list(session.scalars(select(Document)))
        assert report.counts.rejected == 0 and 10 <= len(documents) <= 14
        assert {d.language for d in documents} == {"en", "fr"}
        assert {d.kind for d in documents} == {"rss", "html", "text", "field-csv"}
        assert all(
            d.published_on and d.published_on.isoformat()[:7] == "2015-11" for d in documents
        )
        assert all(d.title for d in documents)
        (echo,) = [d for d in documents if d.story_id is not None]
        original = session.get(Document, echo.story_id)
        assert original is not None and original.title == "Signatory groups clash near Anefis"
    assert line.startswith(f"{len(example_files())} inputs: ") and "1 near-duplicate" in line


def test_the_demo_ingest_step_takes_extra_inputs(db: Database, tmp_path: Path) -> None:
    extra = tmp_path / "extra.txt"
    extra.write_text("Kidal, 22 November 2015\n\nEXERCISE. The market of Kidal reopened today.")
    steps = dict(DEMO_STEPS)
    run = DemoRun(Settings(), db, [extra])
    steps["ingest"](run)
    assert "rejected" in run.summary["ingest"]
    with db.session() as session:
        origins = set(session.scalars(select(Document.origin)))
    assert str(extra) in origins
    assert list(steps).index("ingest") == list(steps).index("migrate") + 1
