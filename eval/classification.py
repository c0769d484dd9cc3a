"""Sub-event classification scores of the event classifier on each corpus of the gate."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from eval.acled import read_notes, split_hash
from eval.corpus import CorpusScores, file_hash
from eval.metrics import score
from eval.sentences import EVAL_FILE, read_sentences
from sentinelle.extract.classifier import NO_EVENT, EventClassifier


@cache
def _classifier(model: Path | None) -> EventClassifier:
    return EventClassifier.load(model)


def _predict(classifier: EventClassifier, texts: list[str]) -> list[str]:
    return [label.sub_event_type or NO_EVENT for label in classifier.classify(texts)]


def score_acled(model: Path | None = None) -> list[CorpusScores]:
    """The held-out 2022 notes and the held-out Sahel 2019 notes."""
    classifier = _classifier(model)
    notes = list(read_notes())
    results = []
    for split in ("heldout_2022", "heldout_sahel_2019"):
        chosen = [note for note in notes if note.split == split]
        predicted = _predict(classifier, [note.text for note in chosen])
        scores = score([note.sub_event_type for note in chosen], predicted)
        results.append(CorpusScores(f"acled_{split}", split_hash(notes, split), scores.as_dict()))
    return results


def score_own_sentences(model: Path | None = None) -> list[CorpusScores]:
    """The project's own EN+FR evaluation sentences, together and per language."""
    classifier = _classifier(model)
    sentences = read_sentences(EVAL_FILE)
    digest = file_hash(EVAL_FILE)
    results = []
    for language in (None, "en", "fr"):
        chosen = [s for s in sentences if language is None or s.language == language]
        predicted = _predict(classifier, [s.text for s in chosen])
        name = "own_sentences" + (f"_{language}" if language else "")
        scores = score([s.label for s in chosen], predicted)
        results.append(CorpusScores(name, digest, scores.as_dict()))
    return results
