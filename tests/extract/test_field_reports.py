"""The project's own EN/FR field reports (eval/gold/field_reports.yaml), field by field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from sentinelle.extract import ExtractedEvent, extract_document
from sentinelle.store.enums import AttributionStatus

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold" / "field_reports.yaml"
REPORTS: list[dict[str, Any]] = yaml.safe_load(GOLD.read_text(encoding="utf-8"))["reports"]


def _check(event: ExtractedEvent, field: str, expected: Any) -> None:
    if field == "actors":
        assert set(expected) <= {event.actor1, event.actor2}
    elif field == "attribution_status_at_most":
        status = AttributionStatus(event.attribution_status)
        assert status.rank <= AttributionStatus(expected).rank
    elif isinstance(expected, dt.date):
        assert getattr(event, field) == expected, field
    else:
        assert getattr(event, field) == expected, field


@pytest.mark.parametrize("report", REPORTS, ids=[r["id"] for r in REPORTS])
def test_field_report(report: dict[str, Any]) -> None:
    events = extract_document(report["text"], report["date"], report["lang"])
    expected = dict(report["expect"])
    if "events" in expected:
        assert len(events) == expected.pop("events")
    if not expected:
        return
    assert events, "an event is expected"
    for field, value in expected.items():
        _check(events[0], field, value)


def test_residents_are_never_a_party_to_a_battle() -> None:
    events = extract_document(
        "Residents of Ber fear new fighting after Sunday's clash near the town.",
        dt.date(2019, 3, 12),
        "en",
    )
    assert all("Civilians" not in (e.actor1, e.actor2) for e in events if e.event_type == "Battles")
    assert any(e.event_type == "Battles" for e in events)


def test_a_day_counted_from_the_first_day_of_the_sentence_before() -> None:
    events = extract_document(
        "The CMA signed the agreement in Bamako on Saturday 20 June 2015, completing the accord "
        "that the Platform had signed on May 15. Hours earlier, clashes had been reported "
        "between the Platform's GATIA and CMA fighters near Menaka, residents said.",
        dt.date(2015, 6, 22),
        "en",
    )
    clash = next(e for e in events if e.sub_event_type == "Armed clash")
    assert (clash.event_date, clash.time_precision) == (dt.date(2015, 6, 20), 1)
    assert (clash.actor1, clash.assoc_actor_1, clash.actor2) == ("Platform", "GATIA", "CMA")


ARTICLE = (
    "Heavy fighting broke out on Saturday between two armed groups near the village of Ber, "
    "in the Timbuktu region, witnesses said.\n\n"
    "{toll}\n\n"
    "The market of Ber stayed closed on Sunday. Traders said they feared for the harvest. "
    "Aid agencies called for calm. A delegation of elders is expected in the coming days."
)


@pytest.mark.parametrize(
    ("toll", "fatalities"),
    [
        ("Four fighters were killed and two vehicles burned during the clashes.", 4),
        ("Quatre combattants ont été tués pendant les affrontements.", 4),
        # A toll with its own date is another event's, not the lead's.
        ("In March, twelve people were killed in the same area.", None),
    ],
)
def test_an_articles_toll_right_after_its_lead_is_the_leads(
    toll: str, fatalities: int | None
) -> None:
    events = extract_document(ARTICLE.format(toll=toll), dt.date(2019, 3, 12), "en")
    clash = next(e for e in events if e.event_date == dt.date(2019, 3, 9))
    assert (clash.event_type, clash.location, clash.fatalities) == ("Battles", "Ber", fatalities)


def test_a_clash_placed_by_where_the_report_speaks_of_says_so() -> None:
    text = (
        "About twenty pick-ups of an armed group left Kidal at dawn towards Anefis. "
        "Residents fear new fighting after Monday's clash. Shops in Kidal are closed."
    )
    (clash,) = extract_document(text, dt.date(2015, 11, 17), "en")
    record = clash.to_record()
    assert (record["location"], record["geo_precision"], record["place_inferred"]) == (
        "Kidal", 2, True,
    )  # fmt: skip


def test_a_toll_told_after_an_agreement_is_not_the_agreements() -> None:
    text = (
        "Three days after the signing of a local truce in Djenne, clashes broke out between "
        "herders and farmers in the village of Sossobe. Five people were killed."
    )
    events = extract_document(text, dt.date(2019, 2, 28), "en")
    assert all(e.fatalities is None for e in events if e.sub_event_type == "Agreement")
    assert any(e.fatalities == 5 for e in events)
