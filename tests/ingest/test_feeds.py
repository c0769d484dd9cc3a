"""Feeds and pages fetched over HTTP on loopback, within limits."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select

from sentinelle.ingest import IngestOptions, ingest
from sentinelle.ingest.fetching import FetchOptions
from sentinelle.store import Database
from sentinelle.store.enums import SourceKind
from sentinelle.store.models import Document
from tests.ingest.loopback import Route, Site, serve

FIXTURES = Path(__file__).with_name("fixtures")

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Exercise wire</title><link>http://wire.example/</link>
<description>EXERCISE - fictitious incidents</description>
<item><title>Clash near Anefis</title><link>http://wire.example/anefis</link>
<guid>wire-001</guid><pubDate>Tue, 17 Nov 2015 10:00:00 GMT</pubDate>
<description>&lt;p&gt;EXERCISE. Fighting broke out near Anefis between two armed groups
on Monday.&lt;/p&gt;</description></item>
<item><title>Protest in Gao</title><link>http://wire.example/gao</link>
<guid>wire-002</guid><pubDate>Wed, 18 Nov 2015 12:00:00 GMT</pubDate>
<description>EXERCISE. Young people marched in Gao to demand jobs and the reopening
of the bridge.</description></item>
</channel></rss>
"""
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Exercice</title><id>urn:exercice</id>
<updated>2015-11-19T08:00:00Z</updated>
<entry><title>Manifestation à Bamako</title><id>urn:exercice:1</id>
<link href="http://journal.example/bamako"/><updated>2015-11-19T08:00:00Z</updated>
<content type="html">&lt;p&gt;EXERCICE. Des centaines de personnes ont manifesté à Bamako
contre la vie chère.&lt;/p&gt;</content>
</entry></feed>
"""


def _documents(db: Database) -> list[Document]:
    with db.session() as session:
        documents = list(session.scalars(select(Document).order_by(Document.id)))
        session.expunge_all()
    return documents


def test_a_feed_served_on_loopback_gives_one_document_per_entry(db: Database) -> None:
    site = Site({"/rss": Route(RSS.encode(), "application/rss+xml")})
    with serve(site):
        report = ingest(db, [site.url("/rss")])
    anefis, gao = _documents(db)
    assert report.counts.new == 2
    assert anefis.kind == SourceKind.RSS.value
    assert anefis.title == "Clash near Anefis" and anefis.url == "http://wire.example/anefis"
    assert anefis.text.startswith("EXERCISE. Fighting broke out") and "<p>" not in anefis.text
    assert anefis.published_at == dt.datetime(2015, 11, 17, 10, 0, tzinfo=dt.UTC)
    assert gao.published_on == dt.date(2015, 11, 18)


def test_an_atom_feed_is_read(db: Database) -> None:
    site = Site({"/atom": Route(ATOM.encode(), "application/atom+xml")})
    with serve(site):
        ingest(db, [site.url("/atom")])
    (entry,) = _documents(db)
    assert entry.kind == SourceKind.ATOM.value and entry.language == "fr"


def test_fetched_inputs_are_refused_by_status_type_and_size(db: Database) -> None:
    site = Site(
        {
            "/photo": Route(b"\x89PNG....", "image/png"),
            "/big": Route(b"x" * 5000, "text/plain"),
            "/page": Route(
                b"<html><body><p>" + b"Calm in Gao today. " * 20 + b"</p></body></html>"
            ),
        }
    )
    options = IngestOptions(fetch=FetchOptions(max_bytes=4000, timeout_s=5))
    with serve(site):
        urls = [site.url(path) for path in ("/photo", "/big", "/missing", "/page")]
        report = ingest(db, urls, options)
    assert report.counts.new == 1 and report.counts.rejected == 3
    photo, big, missing = report.counts.rejections
    assert photo == f"{urls[0]}: unsupported content type image/png"
    assert big.startswith(f"{urls[1]}: too large")
    assert missing == f"{urls[2]}: HTTP 404"


def test_follow_links_replaces_summaries_with_the_linked_pages(db: Database) -> None:
    page = (FIXTURES / "sahel-monitor-gao-convoy.html").read_bytes()
    site = Site({"/article": Route(page)})
    with serve(site):
        feed = (
            '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
            f"<item><title>Convoy hit</title><link>{site.url('/article')}</link><guid>c1</guid>"
            "<description>A convoy was hit north of Gao.</description></item>"
            f"<item><title>Gone</title><link>{site.url('/gone')}</link><guid>c2</guid>"
            "<description>EXERCISE. A page that no longer exists, about Kidal.</description>"
            "</item></channel></rss>"
        )
        site.routes["/rss"] = Route(feed.encode(), "application/rss+xml")
        report = ingest(db, [site.url("/rss")], IngestOptions(follow_links=True))
    followed, gone = _documents(db)
    assert report.counts.new == 2
    assert "forty kilometres north of the town" in followed.text
    assert followed.title == "Convoy hit" and followed.meta["linked_page"] == site.url("/article")
    assert gone.text.startswith("EXERCISE. A page that no longer exists")
    assert "HTTP 404" in gone.meta["linked_page_error"]
