"""The shipped event classifier labels sentences a user would check by eye."""

from __future__ import annotations

from pathlib import Path

import pytest

from sentinelle.errors import ConfigError
from sentinelle.extract.classifier import EventClassifier, SentenceLabel, normalise


@pytest.fixture(scope="module")
def classifier() -> EventClassifier:
    return EventClassifier.load()


def test_the_bamako_hotel_attack_is_violence_against_civilians(
    classifier: EventClassifier,
) -> None:
    sentence = (
        "Islamist gunmen stormed a luxury hotel in the Malian capital Bamako on Friday, "
        "taking 170 hostages."
    )
    [label] = classifier.classify([sentence], "en")
    assert label.event_type == "Violence against civilians"


def test_a_french_ied_sentence_is_a_remote_explosive(classifier: EventClassifier) -> None:
    sentence = (
        "Un véhicule de l'armée a sauté sur un engin explosif improvisé entre Gossi et "
        "Hombori, faisant trois morts."
    )
    [label] = classifier.classify([sentence], "fr")
    assert label.sub_event_type == "Remote explosive/landmine/IED"
    assert label.event_type == "Explosions/Remote violence"


@pytest.mark.parametrize(
    "sentence",
    [
        "Millet and sorghum prices fell at the Mopti market as the harvest came in.",
        "Le ministère de la Santé a annoncé 12 nouveaux cas de Covid-19 à Bamako.",
    ],
)
def test_a_market_or_health_report_is_no_event(classifier: EventClassifier, sentence: str) -> None:
    [label] = classifier.classify([sentence])
    assert label == SentenceLabel(None, None, label.probability)
    assert 0.0 < label.probability <= 1.0


def test_labels_come_back_in_input_order(classifier: EventClassifier) -> None:
    sentences = [
        "Thousands of students marched peacefully in Bamako to demand the reopening of schools.",
        "Police arrested four men suspected of planning an attack in Ségou.",
    ]
    labels = classifier.classify(sentences)
    assert [label.sub_event_type for label in labels] == ["Peaceful protest", "Arrests"]
    assert classifier.classify([]) == []


def test_the_classifier_names_its_version(classifier: EventClassifier) -> None:
    assert (classifier.name, classifier.version) == ("extract.classifier", "v1")


def test_acled_house_style_is_stripped() -> None:
    note = "On 23 February 2022, in Kidal (Kidal), 3 soldiers were killed. [size=no report]"
    assert normalise(note) == "in Kidal , 0 soldiers were killed."


def test_a_month_is_a_date_not_a_protest_march() -> None:
    assert (
        normalise("Kidal fell to the rebels in March-April 2012.")
        == "Kidal fell to the rebels in ."
    )
    assert normalise("Thousands joined a march in Bamako.") == "Thousands joined a march in Bamako."


def test_the_month_of_march_does_not_make_a_protest(classifier: EventClassifier) -> None:
    [label] = classifier.classify(["The northern towns fell to the rebels in March-April 2012."])
    assert label.event_type != "Protests"


def test_a_missing_model_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="missing"):
        EventClassifier.load(tmp_path / "absent.joblib")
