"""Dates against the document's date, counts from digits and words, attribution from hedges."""

from __future__ import annotations

import datetime as dt

import pytest

from sentinelle.extract.attribution import attribution_of
from sentinelle.extract.counts import find_counts, split_share
from sentinelle.extract.dates import find_dates
from sentinelle.store.enums import AttributionStatus, TimePrecision

NOV_2015 = dt.date(2015, 11, 21)


@pytest.mark.parametrize(
    ("text", "reference", "expected", "precision"),
    [
        ("gunmen stormed a hotel on Friday 20 November", NOV_2015, "2015-11-20", 1),
        ("the signing of the agreement on 20 June", NOV_2015, "2015-06-20", 1),
        ("the Kidal debacle in May 2014", dt.date(2014, 11, 18), "2014-05-15", 3),
        ("driven out by a French-led operation in early 2013", NOV_2015, "2013-01-01", 3),
        ("In late September, jihadists seized the town", dt.date(2016, 10, 5), "2016-09-15", 3),
        ("Fin septembre, des jihadistes ont pris la ville", dt.date(2016, 10, 5), "2016-09-15", 3),
        ("Le 16 octobre, des hommes armés ont attaqué Boni.", NOV_2015, "2015-10-16", 1),
        ("Hier, deux soldats ont été tués.", dt.date(2015, 10, 20), "2015-10-19", 1),
        ("le vendredi 20 novembre 2015", dt.date(2016, 1, 5), "2015-11-20", 1),
        ("talks resume on 20 November", dt.date(2014, 11, 18), "2014-11-20", 1),
        (
            "a piece of 5 January recalls the attack of 30 December",
            dt.date(2016, 1, 5),
            "2016-01-05",
            1,
        ),
        ("Between 1 and 7 March 2022, militants attacked.", dt.date(2022, 3, 7), "2022-03-01", 2),
        (
            "Three weeks ago, la semaine dernière, gunmen came.",
            dt.date(2022, 3, 7),
            "2022-02-28",
            2,
        ),
    ],
)
def test_date_resolves_against_reference(
    text: str, reference: dt.date, expected: str, precision: int
) -> None:
    first = find_dates(text, reference)[0]
    assert (first.date.isoformat(), first.precision) == (expected, TimePrecision(precision))


def test_day_month_without_year_takes_the_year_before_the_reference() -> None:
    mention = find_dates("the attack of 30 December", dt.date(2016, 1, 5))[0]
    assert mention.date == dt.date(2015, 12, 30)


def test_relative_to_an_anchor_in_the_text() -> None:
    anchors = [("anefis", dt.date(2015, 10, 16))]
    mention = find_dates("Three days after the Anefis meeting, he spoke.", NOV_2015, anchors)[0]
    assert mention.date == dt.date(2015, 10, 19)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The rebels had seized Gao a day earlier.", "2015-10-15"),
        ("Ils avaient pris Ansongo la veille.", "2015-10-15"),
        ("Two days later, the army retook the town.", "2015-10-18"),
        ("Le lendemain, les FAMa ont riposté.", "2015-10-17"),
        ("trois jours plus tard, un convoi a sauté sur une mine", "2015-10-19"),
    ],
)
def test_a_day_counted_from_the_last_day_given(text: str, expected: str) -> None:
    anchors = [("anefis", dt.date(2015, 10, 16))]
    assert [m.date.isoformat() for m in find_dates(text, NOV_2015, anchors)] == [expected]


@pytest.mark.parametrize(
    "text",
    [
        "JNIM said it carried out the attack on the camp.",
        "The Islamic State said it was behind the ambush.",
        "Le GSIM a affirmé être à l'origine de l'attaque.",
        "In a statement, JNIM took credit for the attack.",
        "The attack was claimed on Monday by JNIM.",
        "L'armée a dit avoir neutralisé dix terroristes.",
    ],
)
def test_a_party_s_own_word_is_a_claim_not_a_confirmation(text: str) -> None:
    assert attribution_of(text, identified=True).status is AttributionStatus.CLAIMED


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Officials said JNIM was responsible for the attack.", "alleged"),
        ("Locals pointed the finger at Dozo hunters.", "alleged"),
        ("L'attaque porte la signature du GSIM.", "alleged"),
        ("JNIM denied any involvement.", "alleged"),
        ("Les soupçons se portent sur la katiba Macina.", "suspected"),
    ],
)
def test_another_s_word_or_a_denial_is_no_confirmation(text: str, status: str) -> None:
    assert attribution_of(text, identified=True).status.value == status


def test_a_report_of_who_did_it_is_not_a_claim() -> None:
    found = attribution_of("Gunmen killed five soldiers, the army said.", identified=True)
    assert found.status is AttributionStatus.CONFIRMED


def test_hours_earlier_is_the_day_given_before() -> None:
    day = dt.date(2015, 6, 20)
    for text in ("Hours earlier, clashes were reported", "Quelques heures plus tôt, des combats"):
        assert [m.date for m in find_dates(text, NOV_2015, previous_day=day)] == [day]


def test_what_the_last_event_came_after_is_counted_back_from_its_day() -> None:
    blast = dt.date(2017, 3, 5)
    for text, days in (
        ("The blast came two days after jihadists overran a post at Boulkessi.", -2),
        ("L'explosion est survenue trois jours après l'attaque du camp.", -3),
        ("The ambush happened a day before gunmen raided the market.", 1),
    ):
        found = find_dates(text, dt.date(2017, 3, 7), previous_day=blast)
        assert [m.date for m in found] == [blast + dt.timedelta(days=days)], text


def test_the_day_before_another_thing_is_not_counted_from_the_last_day() -> None:
    anchors = [("anefis", dt.date(2015, 10, 16))]
    assert find_dates("The day before the vote, gunmen attacked.", NOV_2015, anchors) == []
    assert find_dates("la veille de l'attaque, il était à Gao", NOV_2015, anchors) == []


@pytest.mark.parametrize(
    ("text", "fatalities", "injured", "hostages"),
    [
        (
            "Gunmen stormed a hotel on Friday 20 November, taking 170 hostages and holding many "
            "for several hours.",
            None,
            None,
            170,
        ),
        ("At least five soldiers were killed and a dozen wounded.", 5, 12, None),
        ("Une vingtaine de civils ont été tués et deux soldats blessés.", 20, 2, None),
        ("deux soldats tués dans une embuscade", 2, None, None),
        ("JNIM militants attacked FAMa, killing 3 soldiers and 2 civilians.", 5, None, None),
        ("Three soldiers, two gendarmes and a civilian were killed.", 6, None, None),
        ("A soldier was killed 20 km from Gao.", 1, None, None),
        ("The death toll rose to 21.", 21, None, None),
        ("Militants abducted 12 villagers in 2022.", None, None, 12),
        ("An attack on the convoy was reported; casualties unknown.", None, None, None),
        ("The mayor of the commune was killed by unidentified assailants.", 1, None, None),
        ("Shepherd beheaded by gunmen near the well.", 1, None, None),
        ("Gunmen killed civilians in the market.", None, None, None),
        ("A checkpoint came under fire: one soldier killed, one wounded.", 1, 1, None),
        ("Convoy ambushed: 1 dead & 5 wounded (3 seriously).", 1, 5, None),
        ("Raiders stopped a bus, killing a local leader and his driver.", 2, None, None),
        ("Four herders were killed (coded as Gao at geoprecision 2).", 4, None, None),
        ("Raiders burned five huts and killed three goats.", None, None, None),
        ("Militants ambushed a convoy, killing several (fatalities coded as 3).", 3, None, None),
        ("An IED killed six and wounded one.", 6, 1, None),
        ("Soldiers killed twelve herders including a boy and two women.", 12, None, None),
        ("Two gendarmes including a captain were killed in the ambush.", 2, None, None),
        ("3 herders (members of one family) were killed near the well.", 3, None, None),
        ("Two armed men killed a teacher outside the school.", 1, None, None),
        ("The raiders killed one guard and 4 traders, wounding two others.", 5, 2, None),
        ("Gunmen killed four soldiers; a fifth later succumbed to his injuries.", 5, None, None),
        ("Militants attempted to assassinate two councillors, who escaped.", None, None, None),
        ("A trader and his nephew were killed by gunmen on the road.", 2, None, None),
        ("Gunmen shot dead a chief, his brother and a herder at the market.", 3, None, None),
        ("Raiders killed a farmer and his three sons near the fields.", 4, None, None),
        ("Gunmen shot dead a trader with his driver on the Gao road.", 2, None, None),
        ("Militiamen killed a herder, his son and wounded two others.", 2, 2, None),
        ("At least six villagers were reported to have been killed.", 6, None, None),
        ("Four guards including a sergeant were killed at the post.", 4, None, None),
        ("Soldiers arrested and later executed a shepherd near the well.", 1, None, None),
        ("Gunmen killed and buried a fisherman on the river bank.", 1, None, None),
        ("Unknown gunmen shot dead CMA commander Ag Ahmed in the town.", 1, None, None),
        ("A militiaman shot dead his cousin after a quarrel.", 1, None, None),
        ("Villagers found the corpse of one herder near the pond.", 1, None, None),
        ("Militiamen abducted five herders near the well, they were executed later.", 5, None, 5),
        ("Soldiers arrested seven men, the bodies of those arrested were found.", 7, None, None),
        ("Three fishermen abducted by gunmen were later found dead on the bank.", 3, None, 3),
        ("Gunmen abducted three teachers; they were released two days later.", None, None, 3),
        ("Troops repelled it, killing two, six soldiers and a civilian were wounded.", 2, 7, None),
        ("Clashes left one dead and three herders and a dozen wounded.", 4, 12, None),
        ("Gunmen executed a complex ambush near the post, killing four policemen.", 4, None, None),
        ("Youths burned the hall in protest against the killing of two men.", None, None, None),
        ("Soldiers shot dead 9 men in revenge for the killing of one of their own.", 9, None, None),
        ("Six herders, most of whom were Tuareg, were killed near the well.", 6, None, None),
        ("Youths killed another youth and wounded two others in a brawl.", 1, 2, None),
        ("The raid ended in the killing of a commander near the border.", 1, None, None),
        ("2 thieves were lynched by a crowd; one was injured.", None, 1, None),
        ("Two soldiers were killed, a senior officer wounded and a truck burned.", 2, 1, None),
        ("Five militants were killed, ten arrested, and weapons seized.", 5, None, None),
        ("Six drivers were killed, one gone missing, four wounded.", 6, 4, None),
        ("Troops killed 3 gunmen who previously had executed a village chief.", 3, None, None),
        ("Gunmen abducted a village chief and two of his sons.", None, None, 3),
        # French counts by twenties.
        ("Dix-sept soldats maliens ont été tués.", 17, None, None),
        ("Soixante-dix-huit personnes ont été tuées.", 78, None, None),
        ("Quatre-vingts morts et quatre-vingt-dix blessés.", 80, 90, None),
        ("Herders killed a farmer after the latter killed a cow in a dispute.", 1, None, None),
        ("Guards shot dead 2 raiders, who had killed a trader days before.", 2, None, None),
        # A vague quantity right after its verb; not one after a toll it does not count.
        ("Fighting killed dozens of militants on both sides.", 12, None, None),
        ("The IED raised the toll, with many unaccounted for.", None, None, None),
        # Singular passives and French kin.
        ("Le chauffeur a été légèrement blessé.", None, 1, None),
        ("A Swiss missionary was kidnapped from her home.", None, None, 1),
        ("Des hommes armés ont tué un chef de village et ses deux fils.", 3, None, None),
        ("Ils ont enlevé le maire et son chauffeur.", None, None, 2),
        # A subject or adverb that denies the deed counts no one.
        ("Nobody was hurt.", None, None, None),
        ("No one was killed in the attack.", None, None, None),
        ("Aucun soldat n'a été tué.", None, None, None),
        ("The driver was not injured.", None, None, None),
    ],
)
def test_counts(
    text: str, fatalities: int | None, injured: int | None, hostages: int | None
) -> None:
    counts = find_counts(text)
    assert (counts.fatalities, counts.injured, counts.hostages) == (fatalities, injured, hostages)


@pytest.mark.parametrize(
    ("text", "identified", "status"),
    [
        ("Islamist gunmen stormed a luxury hotel in Bamako.", False, "unknown"),
        ("Islamic State (IS)'s name has come up.", True, "rumoured"),
        ("There has never before been any solid evidence of any IS presence.", True, "rumoured"),
        ("Suspected ISWAP militants attacked a village.", True, "suspected"),
        ("Des hommes armés présumés de la Katiba Macina ont attaqué.", True, "suspected"),
        ("JNIM militants allegedly attacked the post.", True, "alleged"),
        ("JNIM claimed responsibility for the attack.", True, "claimed"),
        ("Le JNIM a revendiqué l'attaque.", True, "claimed"),
        ("JNIM reportedly claimed responsibility for the attack.", True, "alleged"),
        ("JNIM militants attacked FAMa positions in Boni.", True, "confirmed"),
        # No claim, and a group said to hold the area: named, not shown to have done it.
        ("No group has claimed the attack; Ansarul Islam is active in the area.", True, "alleged"),
        ("Aucun groupe n'a revendiqué l'enlèvement, attribué au JNIM.", True, "alleged"),
        ("Nobody claimed the kidnapping by JNIM.", True, "alleged"),
        ("The village lies in a stronghold of the Katiba Macina.", True, "alleged"),
        # An attack said to be unclaimed names no one who said it did it.
        ("The attack has not been claimed; JNIM fighters were seen nearby.", True, "alleged"),
        (
            "L'attaque n'a pas été revendiquée, mais la katiba Macina opère dans la zone.",
            True,
            "alleged",
        ),
        ("The attack has not been claimed, but JNIM operates there.", True, "alleged"),
        ("Des hommes habillés en chasseurs dozos ont tué douze civils.", True, "suspected"),
    ],
)
def test_attribution_never_upgrades_hedges(text: str, identified: bool, status: str) -> None:
    assert attribution_of(text, identified=identified).status is AttributionStatus(status)


def test_numeric_dates() -> None:
    found = find_dates("Rapport du 20/11/2015, incident du 2015-11-19.", NOV_2015)
    assert [m.date for m in found] == [dt.date(2015, 11, 20), dt.date(2015, 11, 19)]


def test_two_days_date_the_event_by_the_first() -> None:
    found = find_dates("On 19 and 20 August, militants attacked.", dt.date(2017, 8, 20))
    assert found[0].date == dt.date(2017, 8, 19)


def test_a_month_alone_stands_for_its_fifteenth() -> None:
    found = find_dates("A trader went missing in July.", dt.date(2017, 8, 2))[0]
    assert (found.date, found.precision) == (dt.date(2017, 7, 15), TimePrecision.MONTH)


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("Militants killed 40 people. Fatalities split between four events.", 4),
        ("Gunmen killed 12 herders (fatalities spread across the two events).", 2),
        ("Gunmen killed 12 herders; fatalities split between events.", 2),
        ("Gunmen killed 12 herders in two villages.", None),
    ],
)
def test_a_toll_said_to_be_shared_between_events(text: str, share: int | None) -> None:
    assert split_share(text) == share
