"""Communities named as the two sides of a clash."""

from __future__ import annotations

from sentinelle.extract.actors import ActorDictionary
from sentinelle.extract.communities import MILITIAS, communal_sides


def test_two_communities_are_two_sides_in_order() -> None:
    sides = communal_sides("affrontements entre éleveurs peuls et agriculteurs bambaras")
    assert sides is not None
    assert [s.militia for s in sides] == ["Fulani Ethnic Militia", "Bambara Ethnic Militia"]
    assert sides[0].start < sides[1].start


def test_one_community_named_twice_is_no_clash_of_communities() -> None:
    assert communal_sides("Fulani herders said Fulani villages were attacked") is None


def test_every_militia_is_in_the_dictionary_with_its_community_type() -> None:
    actors = ActorDictionary.load()
    for militia in MILITIAS.values():
        assert actors.by_name[militia].actor_type == 4, militia
