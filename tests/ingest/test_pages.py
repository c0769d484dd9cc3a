"""Web pages, text copies of pages and PDFs become clean, dated documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select

from sentinelle.ingest import RawInput, detect_kind, ingest
from sentinelle.ingest.segmentation import segment_text
from sentinelle.store import Database
from sentinelle.store.enums import SourceKind
from sentinelle.store.models import Document
from tests.ingest.pdfs import make_pdf

FIXTURES = Path(__file__).with_name("fixtures")

TWO_PIECES = """\
Home News Analysis About
Report 12 / Sahel

Ménaka: a Fragile Truce

Elders of the two communities met under a tree outside the town for three days and agreed on
rules for the use of wells and grazing land, after a month of raids that had emptied two camps.

• Share
• Print

The agreement is fragile: herders said cattle thefts continued on the road to Anderamboukane.

Niamey/Bamako, 12 March 2016

Women queue at a water point in Ménaka on 3 April 2016. UN Photo/Marco Dormino
Rapport 7 / Afrique

Ménaka : la trêve tient encore

Trois semaines après l'accord entre les communautés, les marchés de Ménaka ont rouvert et les
troupeaux circulent de nouveau vers les puits du nord, selon les notables de la ville.
"""


def _stored(db: Database) -> list[Document]:
    with db.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.id)))
        session.expunge_all()
    return documents


def test_a_text_page_is_cut_at_section_labels_and_datelines() -> None:
    first, second = segment_text(TWO_PIECES)
    assert first.title == "Ménaka: a Fragile Truce"
    assert first.published_on == dt.date(2016, 3, 12) and first.place == "Niamey/Bamako"
    assert "Share" not in first.text and "Print" not in first.text
    assert second.title == "Ménaka : la trêve tient encore"
    assert second.published_on == dt.date(2016, 4, 3)
    assert "UN Photo" not in second.text
    assert TWO_PIECES[second.start : second.end].startswith("Women queue")


def test_a_title_repeated_as_a_header_is_kept_once() -> None:
    page = (
        "Gao: Market Reopens\nGao: Market Reopens\n\nGao: Market Reopens\n\n"
        "Traders returned to the main market of Gao on 14 November 2015 after a week of closure "
        "ordered by the authorities following a grenade attack near the bus station.\n"
    )
    (piece,) = segment_text(page)
    assert piece.title == "Gao: Market Reopens"
    assert "Gao: Market Reopens" not in piece.text
    assert piece.published_on == dt.date(2015, 11, 14)


def test_a_short_plain_text_is_one_document() -> None:
    (piece,) = segment_text("Calm in Mopti today; the ferry to Sévaré runs normally.\n")
    assert piece.text == "Calm in Mopti today; the ferry to Sévaré runs normally."


@pytest.mark.parametrize(
    ("name", "title", "language", "published"),
    [
        (
            "sahel-monitor-gao-convoy.html",
            "Convoy hit by roadside bomb north of Gao",
            "en",
            dt.date(2015, 11, 17),
        ),
        (
            "journal-du-nord-anefis.html",
            "Anefis : les groupes signataires s'engagent à cesser les hostilités",
            "fr",
            dt.date(2015, 11, 19),
        ),
    ],
)
def test_a_saved_web_page_keeps_its_article_without_menus_or_buttons(
    db: Database, name: str, title: str, language: str, published: dt.date
) -> None:
    report = ingest(db, [str(FIXTURES / name)])
    (document,) = _stored(db)
    assert report.counts.new == 1
    assert document.kind == SourceKind.HTML.value
    assert (document.title, document.language, document.published_on) == (
        title,
        language,
        published,
    )
    for furniture in ("Subscribe", "Facebook", "Partager", "Accueil", "Privacy policy", "Related"):
        assert furniture not in document.text
    assert document.text.startswith(("EXERCISE", "EXERCICE"))


def test_a_pdf_made_here_is_read_and_dated_from_its_text(db: Database, tmp_path: Path) -> None:
    path = tmp_path / "briefing.pdf"
    path.write_bytes(
        make_pdf(
            [
                [
                    "Menaka: Keeping the Truce",
                    "Fighting broke out between two armed groups near Menaka on Tuesday,",
                    "residents said, before elders negotiated a pause in the hostilities.",
                ],
                [
                    "The elders asked both groups to return the cattle taken in the raids",
                    "and to leave the wells open to every community.",
                    "Bamako, 19 November 2015",
                ],
            ],
            title="Menaka briefing",
        )
    )
    report = ingest(db, [str(path)])
    (document,) = _stored(db)
    assert report.counts.new == 1
    assert document.kind == SourceKind.PDF.value
    assert document.title == "Menaka: Keeping the Truce"
    assert document.published_on == dt.date(2015, 11, 19)
    assert "leave the wells open" in document.text
    assert document.meta["pages"] == 2


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.4\n...", SourceKind.PDF),
        (b"<?xml version='1.0'?><rss version='2.0'><channel></channel></rss>", SourceKind.RSS),
        (b"<feed xmlns='http://www.w3.org/2005/Atom'></feed>", SourceKind.ATOM),
        (b"<!DOCTYPE html><html><body><p>x</p></body></html>", SourceKind.HTML),
        (b'[{"text": "calm", "place": "Gao"}]', SourceKind.FIELD_JSON),
        (b"reporter,received,place,text\nA,2015-11-20,Gao,calm\n", SourceKind.FIELD_CSV),
        (b"event_id_cnty,event_date,event_type,country\n", SourceKind.ACLED_CSV),
        (b"EVENT_ID_CNTY,EVENT_DATE,EVENT_TYPE,COUNTRY\n", SourceKind.ACLED_CSV),
        (b"Gao, 20 November 2015\nAll quiet.", SourceKind.TEXT),
    ],
)
def test_the_kind_is_detected_from_the_content(data: bytes, kind: SourceKind) -> None:
    text = None if data.startswith(b"%PDF") else data.decode()
    assert detect_kind(RawInput("input", data), text) is kind
