"""The accord check: one alert per missed deadline, and ceasefire violations linked and raised."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from sentinelle.accord import (
    ImplementationStatus,
    check_agreement,
    commitment_events,
    find_commitment,
    import_agreement_file,
    set_status,
)
from sentinelle.store import Database
from sentinelle.store.models import (
    Actor,
    ActorAlias,
    Alert,
    AlertEvidence,
    CommitmentEventLink,
    Event,
)
from tests.accord.conftest import WriteAgreement


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(6), tzinfo=dt.UTC)


@pytest.fixture
def accord_db(
    db: Database, small_agreement: dict[str, Any], write_agreement: WriteAgreement
) -> Database:
    """The small agreement, with the actors the tests need (as extract's dictionary has them)."""
    with db.session() as session:
        import_agreement_file(session, write_agreement(small_agreement))
        cma = Actor(name="CMA", actor_type=2, signatory_2015=True)
        session.add_all([cma, Actor(name="GATIA", actor_type=3, signatory_2015=True)])
        session.add(Actor(name="JNIM", actor_type=2, signatory_2015=False))
        session.add(Actor(name="Military Forces of Mali", actor_type=1, signatory_2015=True))
        session.flush()
        session.add(
            ActorAlias(
                actor_id=cma.id,
                alias="CMA: Coordination of Azawad Movements",
                normalized="cma coordination of azawad movements",
            )
        )
        session.add(Actor(name="MNLA", actor_type=2, signatory_2015=True, coalition_id=cma.id))
    return db


def _event(
    db: Database, ident: str, day: dt.date, actor1: str, actor2: str | None, **where: Any
) -> int:
    event_type = where.pop("event_type", "Battles")
    with db.session() as session:
        actor_id = session.scalar(select(Actor.id).where(Actor.name == actor1))
        event = Event(
            event_id_cnty=ident,
            event_date=day,
            year=day.year,
            event_type=event_type,
            sub_event_type="Armed clash" if event_type == "Battles" else None,
            actor1=actor1,
            actor1_id=actor_id if where.pop("coded", False) else None,
            actor2=actor2,
            country="Mali",
            producer="test.v1",
            **where,
        )
        session.add(event)
        session.flush()
        return event.id


def _alerts(db: Database, rule: str) -> list[tuple[str, int]]:
    with db.session() as session:
        rows = session.execute(
            select(Alert.key, func.count(AlertEvidence.event_id))
            .outerjoin(AlertEvidence)
            .where(Alert.rule == rule)
            .group_by(Alert.id, Alert.key)
            .order_by(Alert.id)
        )
        return [(key, count) for key, count in rows]


def test_an_overdue_commitment_raises_one_alert_across_repeated_checks(accord_db: Database) -> None:
    # INT was due 2015-09-20; CANT is due 2015-10-20.
    for day in (dt.date(2015, 10, 1), dt.date(2015, 10, 2), dt.date(2015, 10, 9)):
        with accord_db.session() as session:
            check_agreement(session, _at(day))
    assert _alerts(accord_db, "accord-deadline-missed") == [
        ("accord:overdue:test-accord:INT:2015-09-20", 0)
    ]
    # Past the alert's cool-down without a check, the missed deadline still is not re-raised,
    # while the next commitment to fall due gets its own alert.
    with accord_db.session() as session:
        result = check_agreement(session, _at(dt.date(2015, 12, 1)))
    assert result.overdue == 2
    keys = [key for key, _ in _alerts(accord_db, "accord-deadline-missed")]
    assert keys == [
        "accord:overdue:test-accord:INT:2015-09-20",
        "accord:overdue:test-accord:CANT:2015-10-20",
    ]


def test_a_commitment_fully_implemented_in_time_raises_nothing(accord_db: Database) -> None:
    with accord_db.session() as session:
        set_status(
            session,
            find_commitment(session, "INT"),
            ImplementationStatus.FULL,
            on=dt.date(2015, 9, 1),
            source="report",
            note="installed",
        )
        result = check_agreement(session, _at(dt.date(2015, 10, 1)))
    assert (result.overdue, result.alerts_raised) == (0, [])


def test_a_signatory_clash_in_a_covered_region_links_and_raises_the_violation(
    accord_db: Database,
) -> None:
    clash = _event(
        accord_db,
        "ML1",
        dt.date(2015, 9, 10),
        "GATIA",
        "CMA: Coordination of Azawad Movements",
        admin1="Kidal",
    )
    _event(accord_db, "ML2", dt.date(2015, 9, 11), "GATIA", "JNIM", admin1="Kidal")
    _event(accord_db, "ML3", dt.date(2015, 9, 11), "GATIA", "CMA", admin1="Mopti")
    _event(accord_db, "ML4", dt.date(2015, 6, 1), "GATIA", "CMA", admin1="Kidal")
    _event(
        accord_db,
        "ML5",
        dt.date(2015, 9, 12),
        "GATIA",
        "CMA",
        admin1="Kidal",
        event_type="Strategic developments",
    )
    with accord_db.session() as session:
        check_agreement(session, _at(dt.date(2015, 9, 15)))
    with accord_db.session() as session:
        links = session.execute(
            select(CommitmentEventLink.event_id, CommitmentEventLink.region).where(
                CommitmentEventLink.reason == "signatory-clash"
            )
        ).all()
    assert [tuple(link) for link in links] == [(clash, "ML08")]
    with accord_db.session() as session:
        listed = commitment_events(session, find_commitment(session, "CF"))
    assert [(e.event_id, e.actor1, e.region, e.reason) for e in listed] == [
        (clash, "GATIA", "ML08", "signatory-clash")
    ]
    assert _alerts(accord_db, "ceasefire-violation") == [
        ("accord:ceasefire:test-accord:CF:ML08", 1)
    ]


def test_later_clashes_update_the_violation_alert_and_a_rerun_adds_nothing(
    accord_db: Database,
) -> None:
    _event(accord_db, "ML1", dt.date(2015, 9, 10), "GATIA", "CMA", admin1="Kidal")
    with accord_db.session() as session:
        check_agreement(session, _at(dt.date(2015, 9, 15)))
    with accord_db.session() as session:
        rerun = check_agreement(session, _at(dt.date(2015, 9, 15)))
    assert rerun.new_links == 0
    _event(
        accord_db,
        "ML6",
        dt.date(2015, 9, 16),
        "Military Forces of Mali (2013-)",
        "MNLA",
        admin1_pcode="ML08",
    )
    _event(accord_db, "ML7", dt.date(2015, 9, 16), "GATIA", "MNLA", admin1_pcode="ML08")
    with accord_db.session() as session:
        check_agreement(session, _at(dt.date(2015, 9, 17)))
    # ACLED's dated name "Military Forces of Mali (2013-)" resolves to the signatory army.
    assert _alerts(accord_db, "ceasefire-violation") == [
        ("accord:ceasefire:test-accord:CF:ML08", 3)
    ]


def test_a_cantonment_commitment_links_events_of_the_groups_concerned(
    accord_db: Database,
) -> None:
    # MNLA belongs to the CMA coalition, which the cantonment commitment concerns (in ML0801).
    member = _event(
        accord_db,
        "ML8",
        dt.date(2015, 9, 10),
        "MNLA",
        None,
        coded=True,
        admin2_pcode="ML0801",
        event_type="Strategic developments",
    )
    _event(
        accord_db,
        "ML9",
        dt.date(2015, 9, 10),
        "GATIA",
        None,
        admin2_pcode="ML0801",
        event_type="Strategic developments",
    )
    with accord_db.session() as session:
        check_agreement(session, _at(dt.date(2015, 9, 15)))
        linked = session.execute(
            select(CommitmentEventLink.event_id, CommitmentEventLink.reason)
        ).all()
    assert [tuple(row) for row in linked] == [(member, "group-involved")]
    assert _alerts(accord_db, "ceasefire-violation") == []


def test_infighting_within_one_party_is_not_a_ceasefire_violation(accord_db: Database) -> None:
    # MNLA and CMA are both the CMA party (MNLA through its coalition); GATIA is the Platform.
    _event(accord_db, "ML10", dt.date(2015, 9, 10), "MNLA", "CMA", admin1="Kidal")
    breach = _event(accord_db, "ML11", dt.date(2015, 9, 10), "MNLA", "GATIA", admin1="Kidal")
    with accord_db.session() as session:
        check_agreement(session, _at(dt.date(2015, 9, 15)))
        linked = session.scalars(
            select(CommitmentEventLink.event_id).where(
                CommitmentEventLink.reason == "signatory-clash"
            )
        ).all()
    assert list(linked) == [breach]
