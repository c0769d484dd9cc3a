"""Where violent events are usually reported breaks ties between homonymous villages."""

from __future__ import annotations

from sentinelle.extract.area_prior import count_places, prior
from sentinelle.extract.gazetteer import Gazetteer


def _row(year: str, event_type: str, admin1: str, admin2: str, location: str) -> dict[str, str]:
    return {
        "year": year,
        "event_type": event_type,
        "country": "Mali",
        "admin1": admin1,
        "admin2": admin2,
        "location": location,
    }


def test_only_distinct_places_of_violent_events_up_to_the_last_year_count() -> None:
    rows = [
        _row("2018", "Battles", "Mopti", "Koro", "Village A"),
        _row("2018", "Battles", "Mopti", "Koro", "Village A"),
        _row("2017", "Violence against civilians", "Mopti", "Bankass", "Village B"),
        _row("2018", "Protests", "Kayes", "Kayes", "Town C"),
        _row("2019", "Battles", "Kayes", "Nioro", "Village D"),
    ]
    assert count_places(rows, through=2018) == {
        ("ML", "Mopti", ""): 2,
        ("ML", "Mopti", "Bankass"): 1,
        ("ML", "Mopti", "Koro"): 1,
    }


def test_the_shipped_prior_ranks_the_centre_above_the_quiet_west() -> None:
    assert prior("ML", "Mopti", "Koro") > prior("ML", "Kayes", "Bafoulabe")
    assert 0.0 <= prior("ML", "Kayes", "Bafoulabe") < 1.0
    assert prior("ML", "Nowhere", None) == 0.0


def test_a_homonym_report_naming_nothing_else_goes_where_events_usually_are() -> None:
    # "Douna" is a village of Mopti, Segou, Kayes and Sikasso alike.
    found = Gazetteer.load().resolve("gunmen attacked the village of Douna", country_iso="ML")
    assert found[0].place.admin1 == "Mopti"


def test_a_region_named_still_outweighs_the_prior() -> None:
    found = Gazetteer.load().resolve(
        "gunmen attacked the village of Douna in the Segou region", country_iso="ML"
    )
    assert found[0].place.admin1 == "Segou"
