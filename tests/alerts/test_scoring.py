"""Scoring the warnings: handling times against deadlines, hits, false alarms, misses and lead
times, on a small made-up history and on a replay of ACLED's 2015 Sahel record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sentinelle.alerts import Action, Change, FakeClock, ResponseConfig, perform
from sentinelle.alerts.replay import replay_naive_alerts
from sentinelle.alerts.scoring import ALL_REGIONS, Period, RegionScore, score_warnings
from sentinelle.cli import main
from sentinelle.errors import InputError
from sentinelle.ingest.acled_csv import read_acled_csv
from sentinelle.store import Database
from sentinelle.store.models import Event
from tests.alerts.world import T0, raise_reported_alert

NOVEMBER = Period.parse("2015-11")


def _fatal(db: Database, ident: str, day: dt.date, region: str, deaths: int) -> None:
    with db.session() as session:
        session.add(
            Event(
                event_id_cnty=ident,
                event_date=day,
                year=day.year,
                event_type="Battles",
                admin1=region,
                fatalities=deaths,
                producer="test.v1",
            )
        )


def _by_region(scores: list[RegionScore]) -> dict[str, RegionScore]:
    return {score.region: score for score in scores}


def test_hits_false_alarms_misses_and_lead_time(db: Database) -> None:
    raise_reported_alert(db, region="Gao")  # raised 20 Nov; fighting on the 23rd: a hit
    raise_reported_alert(db, region="Kidal")  # nothing follows: a false alarm
    _fatal(db, "F1", dt.date(2015, 11, 23), "Gao", 2)
    _fatal(db, "F2", dt.date(2015, 11, 4), "Mopti", 4)  # 4 + 3 deaths in one week: a surge
    _fatal(db, "F3", dt.date(2015, 11, 6), "Mopti", 3)
    _fatal(db, "F4", dt.date(2015, 12, 1), "Gao", 1)  # outside the period's surges
    with db.session() as session:
        scores = _by_region(score_warnings(session, NOVEMBER))
    gao, kidal, mopti, total = scores["Gao"], scores["Kidal"], scores["Mopti"], scores[ALL_REGIONS]
    assert (gao.hits, gao.false_alarms, gao.lead_days) == (1, 0, [3.0])
    assert (kidal.hits, kidal.false_alarms) == (0, 1)
    assert (mopti.surges, mopti.misses, mopti.raised) == (1, 1, 0)
    assert (total.raised, total.hits, total.false_alarms, total.misses) == (2, 1, 1, 1)


def test_an_alert_raised_later_over_past_events_counts_from_its_window(db: Database) -> None:
    from sentinelle.store.models import Alert

    alert_id = raise_reported_alert(db, region="Gao")
    with db.session() as session:
        alert = session.get_one(Alert, alert_id)
        alert.raised_at = dt.datetime(2026, 1, 5, tzinfo=dt.UTC)  # a backfill, years later
        alert.window_end = dt.date(2015, 11, 10)
    _fatal(db, "F1", dt.date(2015, 11, 14), "Gao", 1)
    with db.session() as session:
        gao = _by_region(score_warnings(session, NOVEMBER))["Gao"]
    assert (gao.raised, gao.hits, gao.lead_days) == (1, 1, [3.0])


def test_handling_times_are_measured_against_deadlines(db: Database) -> None:
    fast, slow = raise_reported_alert(db, region="Gao"), raise_reported_alert(db, region="Gao")
    config = ResponseConfig()
    perform(
        db,
        fast,
        Change(Action.ACKNOWLEDGE, "Awa"),
        FakeClock(T0 + dt.timedelta(minutes=30)),
        config,
    )
    perform(
        db, slow, Change(Action.ACKNOWLEDGE, "Awa"), FakeClock(T0 + dt.timedelta(hours=3)), config
    )
    with db.session() as session:
        row = _by_region(score_warnings(session, NOVEMBER))["Gao"].record()
    assert (row["ack_median_h"], row["ack_p90_h"], row["ack_on_time"]) == (1.8, 3.0, "1/2")
    assert row["verify_on_time"] is None


@pytest.mark.parametrize("text", ["2015-13", "Nov 2015", "15"])
def test_a_malformed_period_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="--period"):
        Period.parse(text)


def _load_acled_2015(db: Database, shared_dir: Path) -> None:
    """ACLED's Sahel events of late 2014 and 2015, read at test time (never committed)."""
    columns = set(Event.__table__.columns.keys())
    with db.session() as session:
        for row in read_acled_csv(shared_dir / "data" / "acled" / "acled_sahel_1997_2019.csv"):
            values = row.values
            if row.error is None and dt.date(2014, 12, 1) <= values["event_date"] < dt.date(
                2016, 1, 1
            ):
                fields = {k: v for k, v in values.items() if k in columns and v is not None}
                session.add(Event(**fields, producer="test.acled"))


@pytest.mark.shared
def test_report_warnings_scores_a_replay_of_acled_2015(
    db: Database, db_url: str, shared_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _load_acled_2015(db, shared_dir)
    created = replay_naive_alerts(db, dt.date(2015, 1, 1), dt.date(2016, 1, 1))
    assert created > 50
    with pytest.raises(SystemExit) as ended:
        main(["--db", db_url, "report", "warnings", "--period", "2015-11", "--format", "jsonl"])
    assert ended.value.code == 0
    rows = {row["region"]: row for row in map(json.loads, capsys.readouterr().out.splitlines())}
    total = rows[ALL_REGIONS]
    assert total["raised"] == total["hits"] + total["false_alarms"] > 0
    assert total["hits"] > 0 and total["lead_median_d"] is not None
    # The Bamako hotel attack of 20 November 2015 came after a quiet week: a miss.
    assert rows["Bamako"]["misses"] == 1
