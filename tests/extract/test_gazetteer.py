"""The shipped gazetteer resolves places by context, with region and cercle by polygon."""

from __future__ import annotations

import pytest

from sentinelle.extract.gazetteer import Gazetteer, Resolution
from sentinelle.store.enums import GeoPrecision


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _first(gazetteer: Gazetteer, text: str) -> Resolution:
    return gazetteer.resolve(text)[0]


@pytest.mark.parametrize(
    ("text", "name", "admin1", "admin2"),
    [
        ("local agreements were signed in Anefis on 16 October", "Anefis", "Kidal", "Kidal"),
        ("gunmen attacked the army post in Boni (Douentza, Mopti)", "Boni", "Mopti", "Douentza"),
        ("fighting resumed near Tabankort", "Tabankort", "Gao", "Bourem"),
        ("soldiers were killed in Diabaly", "Diabaly", "Segou", "Niono"),
        ("the massacre in Ogossagou shocked the country", "Ogossagou", "Mopti", "Bankass"),
        ("the camp at Boulkessi was attacked", "Boulkessi", "Mopti", "Douentza"),
        ("une attaque à Talataye a fait des victimes", "Talataye", "Gao", "Ansongo"),
        ("Islamist gunmen stormed a hotel in Mali's capital Bamako", "Bamako", "Bamako", "Bamako"),
    ],
)
def test_resolves_known_traps(
    gazetteer: Gazetteer, text: str, name: str, admin1: str, admin2: str
) -> None:
    settlements = [r for r in gazetteer.resolve(text) if r.place.is_settlement]
    place = settlements[0].place
    assert (place.name, place.admin1, place.admin2) == (name, admin1, admin2)
    assert place.admin1_pcode and place.admin2_pcode


def test_near_gives_precision_two(gazetteer: Gazetteer) -> None:
    resolved = gazetteer.resolve("local agreements in Anefis (near Kidal) on 16 October")
    by_name = {r.place.name: r.geo_precision for r in resolved}
    assert by_name == {"Anefis": GeoPrecision.EXACT, "Kidal": GeoPrecision.NEAR}


def test_region_only_gives_precision_three(gazetteer: Gazetteer) -> None:
    resolution = _first(
        gazetteer, "Des hommes armés ont attaqué un village dans la région de Mopti."
    )
    assert (resolution.place.admin1, resolution.geo_precision) == ("Mopti", GeoPrecision.REGION)


def test_places_outside_mali_resolve_to_country_and_city(gazetteer: Gazetteer) -> None:
    resolved = gazetteer.resolve("The talks moved from Algiers to Paris.")
    assert [(r.place.name, r.place.country) for r in resolved] == [
        ("Algiers", "Algeria"),
        ("Paris", "France"),
    ]


def test_region_named_nearby_picks_the_candidate_there(gazetteer: Gazetteer) -> None:
    bare = _first(gazetteer, "Clashes were reported in Boni.")
    niger = _first(gazetteer, "Clashes were reported in Boni, Tillaberi region.")
    assert bare.place.country == "Mali"
    assert (niger.place.country, niger.place.admin1) == ("Niger", "Tillaberi")


def test_month_names_and_weekdays_are_not_places(gazetteer: Gazetteer) -> None:
    resolved = gazetteer.resolve("In May 2014 and on Friday 20 November nothing happened.")
    assert resolved == []


def test_homonym_near_another_named_place_wins(gazetteer: Gazetteer) -> None:
    alone = gazetteer.resolve("Soldiers were attacked in Bidi.", country_iso="BF")[0]
    anchored = gazetteer.resolve("Soldiers were attacked in Bidi, near Djibo.", country_iso="BF")
    assert alone.place.admin1 == "Sahel"
    assert anchored[0].place.admin1 == "Nord"


def _settlements(gazetteer: Gazetteer, text: str, country_iso: str = "ML") -> list[Resolution]:
    return [r for r in gazetteer.resolve(text, country_iso=country_iso) if r.place.is_settlement]


def test_unit_named_after_an_unknown_village_places_it(gazetteer: Gazetteer) -> None:
    """ "Lassa, Soum Province": the Bamako hamlet named Lassa is not meant; the province is."""
    text = "Two herders went missing near Lassa, Soum Province, last week."
    resolved = gazetteer.resolve(text, country_iso="BF")
    assert {r.place.admin1 for r in resolved} == {"Sahel"}
    assert not any(r.place.is_settlement for r in resolved)


def test_a_word_glued_to_an_unknown_name_is_not_a_place(gazetteer: Gazetteer) -> None:
    text = "Shots were fired at a well in Tin Edja, Oudalan Province."
    resolved = gazetteer.resolve(text, country_iso="BF")
    assert [(r.place.admin1, r.place.admin2) for r in resolved] == [("Sahel", "Oudalan")]


def test_spelling_variants_and_slips_in_place_context(gazetteer: Gazetteer) -> None:
    variant = _settlements(gazetteer, "A patrol came under fire in the area of In-Tamede.")
    slip = _settlements(gazetteer, "Herders fled their camp in the area of Takaghat.")
    assert (variant[0].place.name, variant[0].place.admin1) == ("I-n-Tamédé", "Gao")
    assert (slip[0].place.name, slip[0].place.admin2) == ("Takarat", "Menaka")


def test_slips_must_agree_with_the_region_named(gazetteer: Gazetteer) -> None:
    text = "Youths blocked the road in Konsiga, Kayes Region."
    assert {r.place.admin1 for r in gazetteer.resolve(text)} == {"Kayes"}


def test_communities_and_nationalities_are_not_places(gazetteer: Gazetteer) -> None:
    assert gazetteer.resolve("A Bambara trader and a Malian soldier were hurt.") == []


def test_place_qualified_by_the_town_after_it(gazetteer: Gazetteer) -> None:
    """ "Tagalalt, Menaka": not the Tagalalt of Tillabéri in Niger."""
    resolved = _settlements(gazetteer, "A militia post was shelled in Tagalalt, Menaka.")
    assert {r.place.admin1 for r in resolved} == {"Gao"}


def test_a_province_named_in_brackets_is_the_province(gazetteer: Gazetteer) -> None:
    resolved = gazetteer.resolve(
        "Gendarmes patrolled the market in Gomboro (Kossi).", country_iso="BF"
    )
    assert {r.place.admin1 for r in resolved} == {"Boucle du Mouhoun"}


def test_a_village_abroad_needs_its_country_named(gazetteer: Gazetteer) -> None:
    # Nadiagou is a Nigerien hamlet in GeoNames, and a Burkina Faso town it lacks.
    assert not any(
        r.place.country_iso == "NE"
        for r in gazetteer.resolve("Gunmen burned the police post in Nadiagou.", country_iso="BF")
    )
    named = gazetteer.resolve("Gunmen attacked Nadiagou, in Niger.", country_iso="BF")
    assert named[0].place.country_iso == "NE"


def test_where_the_groups_named_are_mainly_found(gazetteer: Gazetteer) -> None:
    region = gazetteer.sole_area("presumed ISWAP militants abducted two herders", "NE")
    assert region is not None and region.admin1 == "Diffa"
    region = gazetteer.sole_area("MSA and GATIA militiamen killed three herders", "ML")
    assert region is not None and region.admin1 == "Gao"
    assert gazetteer.sole_area("unknown gunmen killed three herders", "ML") is None


def test_an_article_opening_a_sentence_is_no_place(gazetteer: Gazetteer) -> None:
    # "Le camp" once resolved to Lé, a village of Diffa (Niger).
    text = "Le camp militaire d'Inates, au Niger, a été attaqué mardi."
    assert all(r.place.name != "Lé" for r in gazetteer.resolve(text, country_iso="NE"))
