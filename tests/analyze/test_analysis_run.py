"""The whole pass on a real store: indicators, forecasts and alerts from invented events."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select

from sentinelle.alerts.engine_run import AnalysisOptions, run_analysis
from sentinelle.analyze.actors import normalize_name
from sentinelle.store import Database
from sentinelle.store.models import (
    Actor,
    ActorAlias,
    Alert,
    AlertEvidence,
    IndicatorCell,
    RegionPeriod,
)
from tests.analyze.store_events import add_event

D = dt.date
CMA_ACLED = "CMA: Coordination of Movements of the Azawad"
GATIA_ACLED = "GATIA: Imghad Tuareg and Allies Self-Defense Group"


def test_an_alleged_single_source_attack_in_bamako_raises_a_spread_alert_naming_no_one(
    db: Database,
) -> None:
    add_event(db, D(2015, 5, 10), "Kidal", "Battles")
    attack = add_event(
        db,
        D(2015, 11, 20),
        "Bamako",
        actor1="Al Mourabitoune Battalion",
        inter1=2,
        fatalities=20,
        attribution="alleged",
        source=None,
        documents=1,
    )
    report = run_analysis(db, AnalysisOptions())
    assert report.engine.raised >= 1
    with db.session() as session:
        alerts = session.scalars(select(Alert).where(Alert.admin1 == "Bamako")).all()
        spread = [a for a in alerts if a.detector == "spread"]
        assert {a.rule for a in spread} == {"spread", "spread-capital"}
        capital = next(a for a in spread if a.rule == "spread-capital")
        assert capital.severity == "critical"
        assert "Mourabitoune" not in capital.explanation + capital.title
        assert "alleged (1 source)" in capital.explanation
        evidence = session.scalars(
            select(AlertEvidence.event_id).where(AlertEvidence.alert_id == capital.id)
        ).all()
        assert list(evidence) == [attack]


def _bamako_attack_claimed(db: Database, **sources: Any) -> None:
    """The 2015 hotel attack, claimed, with the sources given (``source`` or ``statuses``)."""
    add_event(
        db,
        D(2015, 11, 20),
        "Bamako",
        actor1="Al Mourabitoune Battalion",
        inter1=2,
        fatalities=20,
        attribution="claimed",
        **sources,
    )


def test_a_perpetrator_confirmed_by_two_sources_is_named(db: Database) -> None:
    _bamako_attack_claimed(db, source="AFP; Reuters")
    run_analysis(db, AnalysisOptions())
    with db.session() as session:
        alert = session.scalars(select(Alert).where(Alert.rule == "spread-capital")).one()
        assert "Al Mourabitoune Battalion" in alert.explanation


@pytest.mark.parametrize(
    ("statuses", "named"),
    [(("claimed", "unknown"), False), (("claimed", "confirmed"), True)],
)
def test_only_sources_that_claim_or_confirm_count_for_naming(
    db: Database, statuses: tuple[str, ...], named: bool
) -> None:
    # Two reports of one attack: a second that only tells of it does not establish who did it.
    _bamako_attack_claimed(db, source=None, statuses=statuses)
    run_analysis(db, AnalysisOptions())
    with db.session() as session:
        alert = session.scalars(select(Alert).where(Alert.rule == "spread-capital")).one()
        assert ("Al Mourabitoune Battalion" in alert.explanation) is named
        assert ("alleged (1 source)" in alert.explanation) is not named


def test_a_second_run_updates_the_alert_instead_of_raising_another(db: Database) -> None:
    add_event(db, D(2015, 11, 20), "Bamako", fatalities=3)
    run_analysis(db, AnalysisOptions())
    add_event(db, D(2015, 11, 21), "Bamako", fatalities=1)
    second = run_analysis(db, AnalysisOptions())
    assert second.engine.raised == 0
    assert second.engine.updated >= 1
    with db.session() as session:
        assert len(session.scalars(select(Alert).where(Alert.rule == "spread")).all()) == 1


def test_indicators_are_recomputed_only_for_the_touched_region_periods(db: Database) -> None:
    add_event(db, D(2016, 3, 1), "Gao", "Battles", fatalities=2, admin2="Ansongo")
    add_event(db, D(2016, 3, 2), "Gao", "Battles", actor1="JNIM", inter1=2, fatalities=0)
    first = run_analysis(db, AnalysisOptions(forecasts=False))
    assert first.indicators.new_events == 2
    add_event(db, D(2016, 3, 3), "Mopti", "Violence against civilians", fatalities=5)
    second = run_analysis(db, AnalysisOptions(forecasts=False))
    assert second.indicators.new_events == 1
    assert {region for _, _, region in second.indicators.regions} == {"Mopti"}
    with db.session() as session:
        week = session.scalars(
            select(RegionPeriod).where(
                RegionPeriod.region == "Gao",
                RegionPeriod.period == "week",
                RegionPeriod.level == "admin1",
            )
        ).one()
        assert (week.violent_events, week.fatalities, week.armed_actors) == (2, 2, 1)
        assert week.unknown_share == 0.5
        assert week.new_area
        cells = session.scalars(
            select(IndicatorCell).where(
                IndicatorCell.region == "Gao", IndicatorCell.period == "month"
            )
        ).all()
        assert sorted((c.actor_type, c.events, c.fatalities) for c in cells) == [
            (2, 1, 0),
            (3, 1, 2),
        ]


def test_a_clash_between_signatories_from_the_actors_table_raises_a_ceasefire_alert(
    db: Database,
) -> None:
    with db.session() as session:
        for name, alias, inter in (("CMA", CMA_ACLED, 2), ("GATIA", GATIA_ACLED, 3)):
            actor = Actor(name=name, actor_type=inter, signatory_2015=True)
            actor.aliases.append(ActorAlias(alias=alias, normalized=normalize_name(alias)))
            session.add(actor)
    add_event(
        db,
        D(2015, 7, 20),
        "Kidal",
        "Battles",
        actor1=CMA_ACLED,
        actor2=GATIA_ACLED,
        inter1=2,
        inter2=3,
        fatalities=4,
    )
    run_analysis(db, AnalysisOptions(forecasts=False))
    with db.session() as session:
        alert = session.scalars(select(Alert).where(Alert.rule == "ceasefire-violation")).one()
        assert alert.admin1 == "Kidal"
        assert "1 armed clash between signatory parties" in alert.explanation
        assert "since 2015-06-20" in alert.explanation
