"""Reports on illness and disaster code no violence; violence beside an outbreak still counts."""

from __future__ import annotations

import pytest

from sentinelle.extract.topic import natural_harm, off_topic, violence_named


def test_a_report_on_an_outbreak_alone_is_off_topic() -> None:
    assert off_topic(
        "An outbreak of cholera killed 12 people in Gao this week. The ministry announced a "
        "vaccination campaign against the disease."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Protesters marched in Bamako against the lockdown imposed to stop the epidemic.",
        "Gunmen killed two nurses of the Ebola response near Kidal; the outbreak spread.",
    ],
)
def test_protest_or_violence_beside_an_outbreak_stays_in_scope(text: str) -> None:
    assert not off_topic(text)


def test_deaths_from_a_virus_are_natural_harm_but_not_a_shooting_of_health_workers() -> None:
    assert natural_harm("H5N1 has killed two more women in Egypt, bringing the toll to 18.")
    assert not natural_harm("Gunmen shot dead three nurses vaccinating children against measles.")


def test_figures_of_speech_name_no_violence() -> None:
    assert not violence_named("Last night he suffered a heart attack in his hotel room.")
    assert not violence_named("A million children had not received a shot against tetanus.")
    assert violence_named("Rioters attacked the police station.")
