"""Names a document gives to people are not places in it."""

from __future__ import annotations

import datetime as dt

from sentinelle.extract import extract_document
from sentinelle.extract.people import people_named

COUP = (
    "Mutinous soldiers detained President Ibrahim Boubacar Keita and Prime Minister Boubou "
    "Cisse in Bamako on Tuesday. Keita later announced his resignation on state television."
)


def test_titled_names_are_collected_whole_and_by_word() -> None:
    assert people_named("Le Premier ministre Moctar Ouane est arrivé à Gao.") == {
        "moctar ouane", "moctar", "ouane",
    }  # fmt: skip
    assert people_named("The governor of Gao spoke.") == frozenset()


def test_a_surname_is_not_the_town_of_that_name() -> None:
    # Keïta is also a town of Niger: the coup must not be placed there.
    events = extract_document(COUP, dt.date(2020, 8, 19), "en")
    assert events
    assert {e.country for e in events} == {"Mali"}
    assert all(e.location != "Keïta" for e in events)
