"""Each detector on small hand-made event sets: present, absent, inside and outside windows."""

from __future__ import annotations

import datetime as dt

from sentinelle.analyze.signals import DETECTORS, Signal
from sentinelle.store.enums import AttributionStatus
from tests.analyze.builders import CMA, GATIA, JNIM, MINUSMA, context, event

D = dt.date


def detect(name: str, records: list, as_of: dt.date, **params: object) -> list[Signal]:  # type: ignore[type-arg]
    detector = DETECTORS[name]
    return detector.detect(context(records, as_of), detector.params_model.model_validate(params))


def test_ceasefire_violation_fires_on_a_clash_between_two_signatories_after_the_agreement() -> None:
    clash = event(
        D(2015, 8, 16), "Kidal", actor1=CMA, actor2=GATIA, inter1=2, inter2=3, fatalities=4
    )
    signals = detect("ceasefire_violation", [clash], D(2015, 8, 18))
    assert [(s.admin1, s.event_ids) for s in signals] == [("Kidal", (clash.id,))]
    assert "after the agreement in force since 2015-06-20" in signals[0].summary


def test_ceasefire_violation_is_absent_when_one_party_did_not_sign() -> None:
    clash = event(D(2015, 8, 16), "Kidal", actor1=JNIM, actor2=GATIA, inter1=2, inter2=3)
    assert detect("ceasefire_violation", [clash], D(2015, 8, 18)) == []


def test_ceasefire_violation_is_absent_before_any_agreement() -> None:
    clash = event(D(2013, 8, 16), "Kidal", actor1=CMA, actor2=GATIA, inter1=2, inter2=3)
    assert detect("ceasefire_violation", [clash], D(2013, 8, 18), agreement_dates=[]) == []


def test_spoiler_reaction_fires_inside_the_window_in_a_neighbouring_region() -> None:
    attack = event(D(2015, 10, 30), "Gao", actor1=JNIM, inter1=2, fatalities=3)
    signals = detect(
        "spoiler_reaction",
        [attack],
        D(2015, 11, 1),
        milestones=[
            {"date": "2015-10-14", "name": "Anefis accords", "country": "Mali", "admin1": "Kidal"}
        ],
    )
    assert [(s.admin1, s.event_ids) for s in signals] == [("Gao", (attack.id,))]
    assert "within 16 days after the Anefis accords" in signals[0].summary


def test_spoiler_reaction_is_absent_outside_the_window() -> None:
    attack = event(D(2015, 12, 30), "Gao", actor1=JNIM, inter1=2)
    milestone = {"date": "2015-10-14", "name": "Anefis", "country": "Mali", "admin1": "Kidal"}
    assert detect("spoiler_reaction", [attack], D(2016, 1, 1), milestones=[milestone]) == []


def test_spoiler_reaction_is_absent_far_from_a_local_milestone() -> None:
    attack = event(D(2015, 10, 30), "Kayes", actor1=JNIM, inter1=2)
    milestone = {"date": "2015-10-14", "name": "Anefis", "country": "Mali", "admin1": "Kidal"}
    assert detect("spoiler_reaction", [attack], D(2015, 11, 1), milestones=[milestone]) == []


def test_spoiler_reaction_ignores_signatories() -> None:
    clash = event(D(2015, 10, 30), "Kidal", actor1=CMA, inter1=2)
    milestone = {"date": "2015-10-14", "name": "Anefis", "country": "Mali", "admin1": "Kidal"}
    assert detect("spoiler_reaction", [clash], D(2015, 11, 1), milestones=[milestone]) == []


def test_peacekeeper_attacks_reports_the_trend() -> None:
    old = event(D(2015, 3, 1), "Kidal", "Explosions/Remote violence", actor2=MINUSMA, inter2=8)
    new = [
        event(D(2015, 6, day), "Kidal", "Explosions/Remote violence", actor2=MINUSMA, inter2=8)
        for day in (2, 9, 20)
    ]
    signals = detect("peacekeeper_attacks", [old, *new], D(2015, 6, 25))
    assert len(signals) == 1
    assert signals[0].score == 3.0
    assert "(rising)" in signals[0].summary


def test_intercommunal_fires_on_militias_of_two_communities() -> None:
    clashes = [
        event(
            D(2019, 3, d),
            "Mopti",
            actor1="Dogon Ethnic Militia (Mali)",
            actor2="Fulani Ethnic Militia (Mali)",
            inter1=4,
            inter2=4,
            fatalities=2,
        )
        for d in (20, 22)
    ]
    signals = detect("intercommunal", clashes, D(2019, 3, 23))
    assert len(signals) == 1
    assert signals[0].facts["communities"] == ["Dogon", "Fulani"]


def test_intercommunal_is_absent_for_one_community() -> None:
    name = "Fulani Ethnic Militia (Mali)"
    clashes = [
        event(D(2019, 3, d), "Mopti", actor1=name, actor2=name, inter1=4, inter2=4)
        for d in (20, 22)
    ]
    assert detect("intercommunal", clashes, D(2019, 3, 23), include_civilians=False) == []


def test_spread_to_bamako_after_quiet_months() -> None:
    old = event(D(2015, 3, 7), "Bamako", "Violence against civilians")
    attack = event(
        D(2015, 11, 20),
        "Bamako",
        "Violence against civilians",
        actor1="Al Mourabitoune",
        inter1=2,
        fatalities=20,
        attribution=AttributionStatus.ALLEGED,
        sources=1,
    )
    signals = detect("spread", [old, attack], D(2015, 11, 22))
    assert [s.admin1 for s in signals] == ["Bamako"]
    assert "after no violence for 258 days" in signals[0].summary
    assert "Mourabitoune" not in signals[0].summary
    assert "alleged (1 source)" in signals[0].summary


def test_spread_is_absent_where_violence_is_ongoing() -> None:
    records = [
        event(D(2015, 11, 1) + dt.timedelta(days=d), "Gao", "Battles") for d in range(0, 21, 5)
    ]
    assert detect("spread", records, D(2015, 11, 22)) == []


def test_surge_reports_how_surprising_a_count_is() -> None:
    quiet = [event(D(2014, 1, 6) + dt.timedelta(days=14 * k), "Gao") for k in range(70)]
    burst = [event(D(2016, 9, 12) + dt.timedelta(days=d % 5), "Gao") for d in range(9)]
    signals = detect("surge", quiet + burst, D(2016, 9, 18))
    assert len(signals) == 1
    assert signals[0].score > 4  # 9 events against ~0.5 a week: far rarer than 1 in 10,000
    assert signals[0].facts["observed"] == 9


def test_surge_is_absent_for_an_ordinary_week() -> None:
    steady = [event(D(2014, 1, 6) + dt.timedelta(days=k), "Gao") for k in range(0, 1000, 2)]
    assert detect("surge", steady, D(2016, 9, 18)) == []


def test_hdx_signals_needs_100_fatalities_at_a_one_year_high() -> None:
    earlier = [event(D(2016, 2, 1), "Mopti", fatalities=150)]
    now = [event(D(2016, 9, d), "Mopti", fatalities=40) for d in (1, 5, 9)]
    assert detect("hdx_signals", earlier + now, D(2016, 9, 10)) == []
    signals = detect("hdx_signals", now, D(2016, 9, 10))
    assert [s.facts["fatalities"] for s in signals] == [120]


def test_ceasefire_violation_names_the_parties_only_with_two_sources() -> None:
    named = event(D(2015, 8, 16), "Kidal", actor1=CMA, actor2=GATIA, inter1=2, inter2=3)
    single = event(D(2015, 8, 16), "Gao", actor1=CMA, actor2=GATIA, inter1=2, inter2=3, sources=1)
    signals = detect("ceasefire_violation", [named, single], D(2015, 8, 18))
    summaries = {s.admin1: s.summary for s in signals}
    assert "parties: CMA and GATIA." in summaries["Kidal"]
    assert "CMA" not in summaries["Gao"]
    assert "parties: not named, alleged (1 source)." in summaries["Gao"]
