"""``watch`` polls feeds on loopback: validators honoured, only new entries, state kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from sentinelle.cli import main
from sentinelle.errors import InputError
from sentinelle.ingest import IngestOptions
from sentinelle.ingest.watch import parse_interval, watch_feeds
from sentinelle.store import Database, open_database
from sentinelle.store.models import Document, FeedState
from tests.ingest.loopback import Route, Site, serve

STORIES = {
    "a": "EXERCISE. Two armed groups exchanged fire for an hour near the wells of Anefis.",
    "b": "EXERCISE. Young people marched through Gao demanding jobs and electricity.",
}


def _rss(*items: tuple[str, str]) -> bytes:
    entries = "".join(
        f"<item><title>{title}</title><guid>{guid}</guid>"
        f"<description>{STORIES[guid]}</description></item>"
        for guid, title in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Exercise wire</title>'
        f"{entries}</channel></rss>"
    ).encode()


def _count(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(Document)) or 0


def test_watch_ingests_only_new_entries_and_uses_the_etag(db: Database) -> None:
    site = Site(
        {"/feed": Route(_rss(("a", "Clash near Anefis")), "application/rss+xml", etag='"v1"')}
    )
    with serve(site):
        url = site.url("/feed")
        watch_feeds(db, [url], IngestOptions(), 60, once=True)
        watch_feeds(db, [url], IngestOptions(), 60, once=True)
        assert site.requests[-1][1].get("If-None-Match") == '"v1"'
        assert _count(db) == 1
        site.routes["/feed"] = Route(
            _rss(("a", "Clash near Anefis"), ("b", "Protest in Gao")),
            "application/rss+xml",
            etag='"v2"',
        )
        polled: list[tuple[str, int]] = []
        watch_feeds(
            db,
            [url],
            IngestOptions(),
            60,
            once=True,
            on_poll=lambda u, c: polled.append((u, c.new)),
        )
    assert polled == [(url, 1)]
    assert _count(db) == 2
    with db.session() as session:
        state = session.scalars(select(FeedState)).one()
        assert state.etag == '"v2"' and state.last_status == 200


def test_watch_state_survives_a_restart(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db_path = tmp_path / "w.db"
    site = Site({"/feed": Route(_rss(("a", "Clash near Anefis"), ("b", "Protest in Gao")))})
    with serve(site):
        for _ in range(2):  # two separate processes' worth of CLI runs
            with pytest.raises(SystemExit) as exited:
                main(["--db", str(db_path), "watch", site.url("/feed"), "--every", "15m", "--once"])
            assert exited.value.code == 0
    out = capsys.readouterr().err
    assert "2 new" in out and "0 new" in out
    database = open_database(f"sqlite:///{db_path}")
    assert _count(database) == 2
    database.dispose()


def test_watch_loops_until_stopped(db: Database) -> None:
    site = Site({"/feed": Route(_rss(("a", "Clash near Anefis")))})
    naps: list[float] = []

    def sleep(seconds: float) -> None:
        naps.append(seconds)
        if len(naps) == 2:
            raise KeyboardInterrupt

    with serve(site), pytest.raises(KeyboardInterrupt):
        watch_feeds(db, [site.url("/feed")], IngestOptions(), 900, sleep=sleep)
    assert naps == [900, 900] and len(site.requests) == 2


@pytest.mark.parametrize(("text", "seconds"), [("15m", 900), ("30s", 30), ("1h", 3600), ("2", 2)])
def test_intervals_parse(text: str, seconds: float) -> None:
    assert parse_interval(text) == seconds


def test_a_bad_interval_is_refused() -> None:
    with pytest.raises(InputError, match="not an interval"):
        parse_interval("often")
