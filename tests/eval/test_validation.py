"""The classifier's validation splits lie inside the training notes, apart from the held-out."""

from __future__ import annotations

from eval.acled import DEV_2022, SAHEL, Note, _split
from tools.train_classifier import VALIDATION_SAHEL_YEAR, validation_role


def _note(file_name: str, event_id: str) -> Note:
    return Note(event_id, "text", "Attack", "train", file_name)


def test_the_2022_validation_fifth_never_overlaps_the_held_out_fifth() -> None:
    ids = [f"XYZ{number}" for number in range(500)]
    roles = {i: validation_role(_note(DEV_2022, i), {}) for i in ids}
    held_out = {i for i in ids if _split(DEV_2022, {"event_id_cnty": i}) == "heldout_2022"}
    validation = {i for i, role in roles.items() if role == "val_2022"}
    assert held_out and validation and not held_out & validation
    assert 0.1 < len(validation) / len(ids) < 0.3


def test_the_sahel_validation_year_is_the_year_before_the_held_out_one() -> None:
    years = {"A1": VALIDATION_SAHEL_YEAR, "A2": "2017"}
    assert validation_role(_note(SAHEL, "A1"), years) == "val_sahel_2018"
    assert validation_role(_note(SAHEL, "A2"), years) == "fit"
    assert _split(SAHEL, {"event_id_cnty": "A1", "year": VALIDATION_SAHEL_YEAR}) == "train"
    assert validation_role(_note("acled_kenya_2004_2019.csv", "K1"), years) == "fit"
