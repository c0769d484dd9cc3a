"""The seed acceptance test: Crisis Group's briefing 104 and the Bamako Q&A, coded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from sentinelle.extract import ExtractedEvent, extract_document
from sentinelle.store.enums import AttributionStatus

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold" / "seed.yaml"
DATELINE = "Dakar/Brussels, 18 November 2014"
BRIEFING_DATE = dt.date(2014, 11, 18)
QA_DATE = dt.date(2015, 11, 20)


@pytest.fixture(scope="module")
def coded(seed_file: Path) -> dict[str, list[ExtractedEvent]]:
    """The seed split at the briefing's dateline, each piece coded against its own date."""
    text = seed_file.read_text(encoding="utf-8")
    cut = text.index(DATELINE) + len(DATELINE)
    return {
        "briefing": extract_document(text[:cut], BRIEFING_DATE, "en"),
        "qa": extract_document(text[cut:], QA_DATE, "en"),
    }


def _one(events: list[ExtractedEvent], sub_event_type: str, date: dt.date) -> ExtractedEvent:
    found = [e for e in events if e.sub_event_type == sub_event_type and e.event_date == date]
    assert len(found) == 1, [(e.sub_event_type, e.event_date) for e in events]
    return found[0]


def test_bamako_hotel_attack(coded: dict[str, list[ExtractedEvent]]) -> None:
    attack = _one(coded["qa"], "Attack", dt.date(2015, 11, 20))
    assert (attack.event_type, attack.admin1, attack.location) == (
        "Violence against civilians",
        "Bamako",
        "Bamako",
    )
    assert (attack.hostages, attack.fatalities, attack.time_precision) == (170, None, 1)
    assert attack.actor1 == "Islamist gunmen"
    assert attack.attribution_status not in ("claimed", "confirmed")


def test_islamic_state_is_at_most_alleged(coded: dict[str, list[ExtractedEvent]]) -> None:
    attack = _one(coded["qa"], "Attack", dt.date(2015, 11, 20))
    statuses = [AttributionStatus(a["status"]) for a in attack.attributions
                if a["actor"] == "Islamic State"]  # fmt: skip
    assert statuses, "the Q&A's commentary on IS is recorded"
    assert max(s.rank for s in statuses) <= AttributionStatus.ALLEGED.rank
    assert attack.actor1 != "Islamic State"


def test_anefis_local_agreements(coded: dict[str, list[ExtractedEvent]]) -> None:
    anefis = _one(coded["qa"], "Agreement", dt.date(2015, 10, 16))
    assert (anefis.event_type, anefis.location, anefis.admin1, anefis.geo_precision) == (
        "Strategic developments",
        "Anefis",
        "Kidal",
        1,
    )


def test_peace_agreement_of_20_june(coded: dict[str, list[ExtractedEvent]]) -> None:
    agreement = _one(coded["qa"], "Agreement", dt.date(2015, 6, 20))
    assert agreement.time_precision == 1


def test_kidal_fighting_of_may_2014(coded: dict[str, list[ExtractedEvent]]) -> None:
    battles = [e for e in coded["briefing"] if e.event_type == "Battles" and e.location == "Kidal"]
    assert len(battles) == 1
    kidal = battles[0]
    assert (kidal.event_date.year, kidal.event_date.month, kidal.time_precision) == (2014, 5, 3)
    assert {kidal.actor1, kidal.actor2} == {"Military Forces of Mali", "CMA"}


def test_no_date_crosses_between_the_two_pieces(coded: dict[str, list[ExtractedEvent]]) -> None:
    assert all(e.event_date.year <= 2014 for e in coded["briefing"])
    assert all(e.event_date.year != 2014 for e in coded["qa"])


def test_every_event_carries_evidence_and_producer(coded: dict[str, list[ExtractedEvent]]) -> None:
    events = coded["briefing"] + coded["qa"]
    assert all(e.producer == "extract.rules.v8" and e.evidence for e in events)
    attack = _one(coded["qa"], "Attack", dt.date(2015, 11, 20))
    fields = {e.field: e.text for e in attack.evidence}
    assert fields["hostages"] == "170" and fields["location"] == "Bamako"


def test_gold_file_matches_the_test() -> None:
    gold = yaml.safe_load(GOLD.read_text(encoding="utf-8"))
    events = [e for d in gold["documents"] for e in d["events"]]
    assert {str(e["event_date"]) for e in events} == {
        "2014-05-01", "2015-11-20", "2015-06-20", "2015-10-16",
    }  # fmt: skip


def test_seed_through_ingest_and_the_store(
    seed_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The seed as a user runs it: ingest splits the two pieces, extract codes them."""
    from sqlalchemy import select

    from sentinelle.cli import main
    from sentinelle.store import open_database
    from sentinelle.store.models import Event, EventSource

    url = f"sqlite:///{tmp_path / 'seed.db'}"
    for args in (["ingest", str(seed_file)], ["extract"]):
        with pytest.raises(SystemExit) as exited:
            main(["--db", url, *args])
        assert exited.value.code in (0, None), capsys.readouterr().err
    database = open_database(url)
    with database.session() as session:
        events = {
            (e.sub_event_type, e.event_date.isoformat()): e for e in session.scalars(select(Event))
        }
        attack = events[("Attack", "2015-11-20")]
        assert (attack.admin1, attack.hostages, attack.actor1) == ("Bamako", 170, "Islamist gunmen")
        assert attack.attribution_status not in ("claimed", "confirmed")
        evidence = (
            session.scalars(select(EventSource).where(EventSource.event_id == attack.id))
            .one()
            .evidence
        )
        islamic_state = [e for e in evidence if e.get("actor") == "Islamic State"]
        assert islamic_state and all(e["status"] in ("rumoured", "alleged") for e in islamic_state)
        assert events[("Agreement", "2015-10-16")].location == "Anefis"
        assert ("Agreement", "2015-06-20") in events
        assert any(e.event_type == "Battles" and e.location == "Kidal" for e in events.values())
    database.dispose()


def test_the_2012_takeover_names_no_actor_of_later_years(
    coded: dict[str, list[ExtractedEvent]],
) -> None:
    """The Q&A's 'Northern Mali fell to Al Qaeda-linked separatist groups in March-April 2012,
    which were driven out by a French-led operation in early 2013': not the CMA (formed 2014),
    not France (the other clause's year)."""
    takeovers = [e for e in coded["qa"] if e.event_date.year == 2012]
    assert takeovers, [(e.sub_event_type, e.event_date) for e in coded["qa"]]
    for event in takeovers:
        assert {event.actor1, event.actor2} & {"CMA", "Military Forces of France"} == set()
