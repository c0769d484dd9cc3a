"""The project's own annotated EN/FR sentences: label, language, sentence (TSV, # comments)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sentinelle.extract.classifier import NO_EVENT
from sentinelle.store.acled import SUB_EVENT_TYPES

EVAL_FILE: Final = Path(__file__).resolve().parent / "data" / "sentences_eval.tsv"
LANGUAGES: Final = ("en", "fr")


@dataclass(frozen=True)
class Sentence:
    """One annotated sentence; the label is a sub-event type or ``NO_EVENT``."""

    label: str
    language: str
    text: str


def read_sentences(path: Path = EVAL_FILE) -> list[Sentence]:
    """Every annotated sentence of a TSV file, checking labels and languages."""
    sentences = []
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if not row or row[0].startswith("#"):
                continue
            label, language, text = row
            if label not in SUB_EVENT_TYPES and label != NO_EVENT:
                raise ValueError(f"{path}:{number}: unknown label {label!r}")
            if language not in LANGUAGES:
                raise ValueError(f"{path}:{number}: unknown language {language!r}")
            sentences.append(Sentence(label, language, text))
    return sentences
