"""ACLED's conventions for short reports: where a report naming no place is coded, and which
sub-event types count no deaths (the notes here are the project's own, not ACLED's)."""

from __future__ import annotations

import datetime as dt

from sentinelle.extract import extract_document
from sentinelle.store.enums import GeoPrecision

DAY = dt.date(2021, 3, 9)


def test_a_national_strike_naming_no_place_is_coded_at_the_capital() -> None:
    events = extract_document(
        "On March 9, teachers across the country went on strike and protested to demand the "
        "payment of salary arrears.",
        DAY,
        "en",
        "BF",
    )
    assert events and events[0].admin1 == "Centre" and events[0].location == "Ouagadougou"
    assert events[0].geo_precision == GeoPrecision.REGION


def test_a_report_naming_no_known_place_takes_the_groups_region() -> None:
    events = extract_document(
        "On March 9, presumed ISWAP militants attacked a fishing camp on an island of the lake, "
        "killing two fishermen.",
        DAY,
        "en",
        "NE",
    )
    assert events and events[0].admin1 == "Diffa"
    assert events[0].geo_precision == GeoPrecision.REGION


def test_an_arrest_counts_no_deaths_of_the_attack_it_follows() -> None:
    events = extract_document(
        "Arrests: On March 9, police arrested in Kaya the suspected planner of an attack that "
        "left twelve people dead.",
        DAY,
        "en",
        "BF",
    )
    assert events and events[0].sub_event_type == "Arrests"
    assert events[0].fatalities is None


def test_a_toll_given_in_its_own_sentence_belongs_to_the_event() -> None:
    events = extract_document(
        "On March 9, gunmen attacked the gendarmerie post in Djibo. Three gendarmes dead and "
        "two wounded.",
        DAY,
        "en",
        "BF",
    )
    assert len(events) == 1 and events[0].fatalities == 3


def test_a_toll_split_between_events_gives_each_its_share() -> None:
    events = extract_document(
        "On March 9, gunmen attacked the villages of Gorom-Gorom and Markoye, killing 12 "
        "herders. Fatalities split between two events.",
        DAY,
        "en",
        "BF",
    )
    assert events and events[0].fatalities == 6


def test_a_short_dated_report_with_no_trigger_word_still_reports_its_event() -> None:
    # "closed down the town hall" is no protest trigger; the classifier's label stands when
    # the report names nothing else and dates what it tells to the day.
    events = extract_document(
        "On March 9, residents of Kaya closed down the town hall to denounce the management "
        "of the mayor.",
        DAY,
        "en",
        "BF",
    )
    assert [(e.sub_event_type, e.location, e.event_date) for e in events] == [
        ("Peaceful protest", "Kaya", DAY)
    ]


def test_an_undated_comment_reports_no_event() -> None:
    assert not extract_document(
        "Residents of Kaya say the management of the mayor has been poor for years.",
        DAY,
        "en",
        "BF",
    )


def test_jnim_or_the_islamic_state_in_burkina_faso_with_no_known_place_is_coded_in_the_east() -> (
    None
):
    events = extract_document(
        "On March 9, presumed JNIM and/or ISGS militants burned the school in Kpentouga.",
        DAY,
        "en",
        "BF",
    )
    assert events and events[0].admin1 == "Est"
    assert events[0].geo_precision == GeoPrecision.REGION


def test_a_clash_of_the_ganda_koy_militia_naming_no_place_is_coded_in_gao() -> None:
    events = extract_document(
        "On March 9, Ganda Koy militiamen clashed with unidentified gunmen near their camp.",
        DAY,
        "en",
        "ML",
    )
    assert events and events[0].admin1 == "Gao"


def test_a_date_of_what_befell_the_victims_before_does_not_date_the_event() -> None:
    events = extract_document(
        "The bodies of two herders kidnapped on March 2 were found near the well of Tin Essako.",
        DAY,
        "en",
        "ML",
    )
    assert events and events[0].event_date == DAY


def test_a_date_of_what_the_event_followed_does_not_date_it() -> None:
    events = extract_document(
        "Sporadic clashes were reported between police and students in Niamey following "
        "violent protests on March 2.",
        DAY,
        "en",
        "NE",
    )
    assert events and events[0].event_date == DAY


def test_a_kidnapping_reported_with_its_date_is_dated_by_it() -> None:
    events = extract_document(
        "A trader was kidnapped on March 2 by unknown gunmen near Tin Essako.", DAY, "en", "ML"
    )
    assert events and events[0].event_date == dt.date(2021, 3, 2)


def test_an_agreement_the_report_recalls_is_not_placed_where_its_news_happened() -> None:
    events = extract_document(
        "Fighters of the CMA and of GATIA clashed on Monday morning near Aguelhok, in the Kidal "
        "region, witnesses said. Four fighters were killed. Both groups signed the peace "
        "agreement in May and blamed each other for the fighting.",
        dt.date(2016, 11, 16),
        "en",
        "ML",
    )
    clash = next(e for e in events if e.sub_event_type == "Armed clash")
    assert clash.location == "Aguelhok" and clash.fatalities == 4
    recalled = [e for e in events if e.sub_event_type == "Agreement"]
    assert all(e.location != "Aguelhok" for e in recalled)
    assert all(e.event_date.month == 5 for e in recalled)
