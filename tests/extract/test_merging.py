"""Merging reports of one event: fatalities best supported with a range, strongest attribution."""

from __future__ import annotations

import datetime as dt

from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.merging import merge_events, same_event

DAY = dt.date(2019, 3, 23)


def _report(source: str, **fields: object) -> ExtractedEvent:
    base: dict[str, object] = {
        "event_date": DAY, "time_precision": 1, "disorder_type": "Political violence",
        "event_type": "Violence against civilians", "sub_event_type": "Attack",
        "actor1": "Dan Na Ambassagou", "location": "Ogossagou", "admin1": "Mopti",
        "latitude": 13.96, "longitude": -3.57, "geo_precision": 1,
    }  # fmt: skip
    base.update(fields)
    event = ExtractedEvent(**base)  # type: ignore[arg-type]
    event.sources = [source]
    status = str(fields.get("attribution_status", "unknown"))
    event.attributions = [{"actor": event.actor1, "status": status, "source": source}]
    return event


def test_three_reports_become_one_event_with_every_source() -> None:
    merged = merge_events([
        _report("a", fatalities=160, attribution_status="suspected"),
        _report("b", fatalities=157, attribution_status="alleged"),
        _report("c", fatalities=160, attribution_status="rumoured"),
    ])  # fmt: skip
    assert len(merged) == 1
    event = merged[0]
    assert event.sources == ["a", "b", "c"]
    assert (event.fatalities, event.fatalities_min, event.fatalities_max) == (160, 157, 160)
    assert event.attribution_status == "suspected"
    strongest = [a for a in event.attributions if a["status"] == "suspected"]
    assert strongest[0]["source"] == "a"


def test_a_claim_in_one_source_is_the_strongest_supported() -> None:
    merged = merge_events([
        _report("a", attribution_status="suspected"),
        _report("b", attribution_status="claimed"),
    ])  # fmt: skip
    assert merged[0].attribution_status == "claimed"


def test_far_apart_or_other_days_stay_separate() -> None:
    near = _report("a")
    far = _report("b", location="Sobane", latitude=14.47, longitude=-3.15)
    later = _report("c", event_date=DAY + dt.timedelta(days=5))
    assert not same_event(near, far)
    assert not same_event(near, later)
    assert len(merge_events([near, far, later])) == 3


def test_vague_perpetrator_joins_a_named_one() -> None:
    named = _report("a", attribution_status="suspected")
    vague = _report("b", actor1="Unidentified Armed Group", latitude=13.99, longitude=-3.6)
    merged = merge_events([vague, named])
    assert len(merged) == 1 and merged[0].actor1 == "Dan Na Ambassagou"


def test_month_precision_matches_a_day_in_that_month() -> None:
    day = _report("a")
    month = _report("b", event_date=dt.date(2019, 3, 1), time_precision=3)
    merged = merge_events([month, day])
    assert len(merged) == 1
    assert (merged[0].event_date, merged[0].time_precision) == (DAY, 1)


def test_a_report_placed_only_near_a_place_joins_an_event_in_its_cercle() -> None:
    # Kidal town and Anefis, about 100 km apart in Kidal cercle (ML0801).
    at_anefis = _report("a", location="Anefis", latitude=18.04, longitude=0.60,
                        admin1="Kidal", admin2_pcode="ML0801")  # fmt: skip
    near_kidal = _report("b", location="Kidal", latitude=18.44, longitude=1.41,
                         admin1="Kidal", admin2_pcode="ML0801", geo_precision=2)  # fmt: skip
    exact_kidal = _report("c", location="Kidal", latitude=18.44, longitude=1.41,
                          admin1="Kidal", admin2_pcode="ML0801")  # fmt: skip
    other_cercle = _report("d", location="Aguelhok", latitude=19.46, longitude=0.86,
                           admin1="Kidal", admin2_pcode="ML0804", geo_precision=2)  # fmt: skip
    assert same_event(at_anefis, near_kidal)
    assert not same_event(at_anefis, exact_kidal)
    assert not same_event(at_anefis, other_cercle)
