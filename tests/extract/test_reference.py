"""The actor dictionary: coverage of Mali's actors, ACLED names, and idempotent loading."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from sentinelle.extract import extract_document
from sentinelle.extract.actors import ActorDictionary
from sentinelle.extract.reference import load_reference_data
from sentinelle.store import ActorType, Database
from sentinelle.store.models import Actor, ActorAlias, Place


@pytest.fixture(scope="module")
def actors() -> ActorDictionary:
    return ActorDictionary.load()


@pytest.mark.parametrize(
    ("alias", "canonical"),
    [
        ("FAMa", "Military Forces of Mali"),
        ("armée malienne", "Military Forces of Mali"),
        ("Barkhane", "Military Forces of France"),
        ("Coordination des mouvements de l'Azawad", "CMA"),
        ("Azawad Movements Coalition", "CMA"),
        ("CMA: Coordination of Movements of the Azawad", "CMA"),
        ("Plateforme", "Platform"),
        ("Ganda Koy", "CMFPR"),
        ("Ansar Eddine", "Ansar Dine"),
        ("AQMI", "AQIM"),
        ("Front de libération du Macina", "Katiba Macina"),
        ("GSIM", "JNIM"),
        ("EIGS", "Islamic State (Greater Sahara)"),
        ("Wagner", "Wagner Group"),
        ("Dan Na Ambassagou", "Dan Na Ambassagou"),
        ("hommes armés", "Unidentified Armed Group"),
        ("Military Forces of Mali (2013-2020)", "Military Forces of Mali"),
        ("JNIM: Group for Support of Islam and Muslims", "JNIM"),
    ],
)
def test_alias_resolves_to_canonical_actor(
    actors: ActorDictionary, alias: str, canonical: str
) -> None:
    actor = actors.lookup(alias)
    assert actor is not None and actor.name == canonical


def test_coalitions_communities_and_signatories(actors: ActorDictionary) -> None:
    mnla, gatia, jnim = (actors.by_name[n] for n in ("MNLA", "GATIA", "JNIM"))
    assert (mnla.coalition, mnla.community, mnla.signatory_2015) == ("CMA", "Ifoghas Tuareg", True)
    assert (gatia.coalition, gatia.community, gatia.actor_type) == (
        "Platform",
        "Imghad Tuareg",
        ActorType.POLITICAL_MILITIAS,
    )
    assert not jnim.signatory_2015


def test_abbreviations_match_only_in_capitals(actors: ActorDictionary) -> None:
    found = actors.find("This is what IS claimed.")
    assert [(m.text, m.actor.name) for m in found] == [("IS", "Islamic State")]


def test_generic_army_means_the_documents_country(actors: ActorDictionary) -> None:
    found = actors.find("The army repelled the attack.", country="Burkina Faso")
    assert found[0].actor.name == "Military Forces of Burkina Faso"


def test_load_reference_data_is_idempotent(db: Database) -> None:
    first = load_reference_data(db, places=False)
    second = load_reference_data(db, places=False)
    assert first.actors == second.actors >= 40
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(Actor)) == first.actors
        assert session.scalar(select(func.count()).select_from(ActorAlias)) == first.aliases
        cma = session.scalars(select(Actor).where(Actor.name == "MNLA")).one()
        coalition = session.get(Actor, cma.coalition_id)
        assert coalition is not None and coalition.name == "CMA"


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_load_places_loads_mali_once(db: Database) -> None:
    first = load_reference_data(db)
    second = load_reference_data(db)
    assert first.places > 15000 and second.places == 0
    with db.session() as session:
        query = select(Place).where(Place.name == "Anefis", Place.source == "curated")
        anefis = session.scalars(query).one()
        assert (anefis.admin1, anefis.admin1_pcode) == ("Kidal", "ML08")


def test_an_actor_is_not_named_before_it_was_founded() -> None:
    before = extract_document(
        "Separatist groups clashed with Malian troops near Kidal on 12 March 2012.",
        dt.date(2012, 3, 14),
        "en",
    )
    after = extract_document(
        "Separatist groups clashed with Malian troops near Kidal on 12 March 2015.",
        dt.date(2015, 3, 14),
        "en",
    )
    assert before and all("CMA" not in (e.actor1, e.actor2) for e in before)
    assert after and "CMA" in {after[0].actor1, after[0].actor2}


def test_founding_years_of_the_agreements_coalitions(actors: ActorDictionary) -> None:
    cma, jnim, fama = (actors.by_name[n] for n in ("CMA", "JNIM", "Military Forces of Mali"))
    assert not cma.active_in(2013) and cma.active_in(2014)
    assert not jnim.active_in(2016) and jnim.active_in(2017)
    assert fama.active_in(1997)
