"""Sentence event-type classifier: ACLED's 25 sub-event types, or no event, for EN and FR text.

A linear model over word and character n-grams plus a small bilingual trigger lexicon, trained
by ``tools/train_classifier.py`` on ACLED notes and the project's own sentences; see
``models/MODEL_CARD.md``. The same normalisation runs at training and at classification time.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import joblib
import numpy as np
import yaml
from scipy import sparse

from sentinelle.errors import ConfigError
from sentinelle.store.acled import SUB_EVENT_TYPES

logger = logging.getLogger(__name__)

MODELS_DIR: Final = Path(__file__).resolve().parent / "models"
DEFAULT_MODEL: Final = MODELS_DIR / "event_classifier.joblib"
LEXICON_FILE: Final = MODELS_DIR / "lexicon.yaml"
# The label the model uses for sentences that report no event (never an ACLED sub-type).
NO_EVENT: Final = "No event"
# Sentences longer than this are cut: an event sentence is short, and the cut bounds cost.
MAX_CHARS: Final = 1500

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|"
    "décembre|decembre"
)
_MONTHS_EN = "January|February|March|April|May|June|July|August|September|October|November|December"
# ACLED house style that says nothing about the event type: dates, size tags, country tags.
_STYLE_PATTERNS: Final = (
    re.compile(r"\[[^\]]*\]"),
    re.compile(
        rf"\b(?:\d{{1,2}}(?:st|nd|rd|th|er)?\s*(?:-|–|and|et|to|au)?\s*)+(?:{_MONTHS})"
        r"(?:\s+\d{4})?",
        re.IGNORECASE,
    ),
    re.compile(rf"\b(?:{_MONTHS})(?:\s*[-–/]\s*(?:{_MONTHS}))?\s+\d{{4}}", re.IGNORECASE),
    re.compile(rf"\b(?:{_MONTHS})\s+\d{{1,2}}(?:,?\s+\d{{4}})?", re.IGNORECASE),
    # A capitalised English month inside a sentence is a date ("in March"), not a protest march.
    re.compile(rf"(?<=[a-z,]\s)(?:{_MONTHS_EN})\b(?:\s*[-–]\s*(?:{_MONTHS_EN})\b)?"),
    re.compile(r"\(\s*[A-Z][^()\d]{0,60}\)"),
    re.compile(r"\((?:week|month|year) of\)", re.IGNORECASE),
)
_LEAD_PATTERN: Final = re.compile(
    r"^\s*(?:(?:on|around|about|between|during|in|since|by|as|of|from|the|night|weekend|week|"
    r"early|late|mid|le|les|du|entre|vers|dans|la|nuit|and|et)\s+)*,\s*",
    re.IGNORECASE,
)
_DIGITS: Final = re.compile(r"\d+")
_SPACES: Final = re.compile(r"\s+")


@dataclass(frozen=True)
class SentenceLabel:
    """What one sentence reports: an ACLED sub-event type (None for no event) and its confidence."""

    sub_event_type: str | None
    event_type: str | None
    probability: float


def normalise(text: str) -> str:
    """Strip ACLED's house style (dates, size tags, country tags) and mask digits."""
    text = text[:MAX_CHARS]
    for pattern in _STYLE_PATTERNS:
        text = pattern.sub(" ", text)
    text = _DIGITS.sub("0", text)
    text = _SPACES.sub(" ", text).strip()
    return _LEAD_PATTERN.sub("", text, count=1)


class Lexicon:
    """Bilingual trigger words mapped to shared concept tokens (``kwied``, ``kwprotest``)."""

    def __init__(self, concepts: dict[str, list[str]]) -> None:
        # Terms are lower case and texts are lowered once: IGNORECASE makes matching 2-3x slower.
        self.patterns = [
            (f"kw{name}", re.compile(r"\b(?:" + "|".join(term.lower() for term in terms) + r")"))
            for name, terms in concepts.items()
        ]

    @classmethod
    def load(cls, path: Path = LEXICON_FILE) -> Lexicon:
        """Read the concept lexicon shipped next to the model."""
        with path.open(encoding="utf-8") as handle:
            data = yaml.safe_load(handle)
        return cls({str(name): [str(term) for term in terms] for name, terms in data.items()})

    def concepts(self, text: str) -> str:
        """The concept tokens whose trigger words occur in the text, space-separated."""
        lowered = text.lower()
        return " ".join(token for token, pattern in self.patterns if pattern.search(lowered))


class EventClassifier:
    """Labels sentences with an ACLED sub-event type or no event; load() gives the shipped model."""

    name: str = "extract.classifier"
    version: str = "v1"

    def __init__(self, parts: dict[str, Any], lexicon: Lexicon) -> None:
        self._word = parts["word"]
        self._char = parts["char"]
        self._concept = parts["concept"]
        self._concept_weight = float(parts["concept_weight"])
        model = parts["model"]
        # The shipped coefficients are pruned, sparse float32; scoring runs in float64.
        self._coef_t = sparse.csr_matrix(model.coef_, dtype=np.float64).T.tocsr()
        self._intercept = np.asarray(model.intercept_, dtype=np.float64)
        self._temperature = float(parts["temperature"])
        self._labels: list[str] = [str(label) for label in model.classes_]
        self.name = str(parts.get("name", self.name))
        self.version = str(parts.get("version", self.version))
        self._lexicon = lexicon

    @classmethod
    def load(cls, path: Path | None = None) -> EventClassifier:
        """Load a trained model (the one shipped in ``extract/models`` by default)."""
        path = path or DEFAULT_MODEL
        if not path.is_file():
            raise ConfigError(
                f"event classifier model {path} is missing; run tools/train_classifier.py"
            )
        parts = joblib.load(path)
        return cls(parts, Lexicon.load(path.parent / "lexicon.yaml"))

    @property
    def labels(self) -> list[str]:
        """The model's labels: sub-event types and ``NO_EVENT``."""
        return list(self._labels)

    def features(self, sentences: Sequence[str]) -> sparse.csr_matrix:
        """The model's input rows for raw sentences."""
        texts = [normalise(sentence) for sentence in sentences]
        concepts = [self._lexicon.concepts(text) for text in texts]
        return sparse.hstack(
            [
                self._word.transform(texts),
                self._char.transform(texts),
                self._concept.transform(concepts) * self._concept_weight,
            ],
            format="csr",
        )

    def scores(self, sentences: Sequence[str]) -> np.ndarray[Any, np.dtype[np.float64]]:
        """Per-label pseudo-probabilities: a softmax over the linear model's margins."""
        margins = (self.features(sentences) @ self._coef_t).toarray() + self._intercept
        margins = margins / self._temperature
        margins -= margins.max(axis=1, keepdims=True)
        weights = np.exp(margins)
        result: np.ndarray[Any, np.dtype[np.float64]] = weights / weights.sum(axis=1, keepdims=True)
        return result

    def classify(
        self, sentences: Sequence[str], language: str | None = None
    ) -> list[SentenceLabel]:
        """Label each sentence; the language is accepted for the interface (features are shared)."""
        if not sentences:
            return []
        probabilities = self.scores(sentences)
        labels = []
        for row in probabilities:
            best = int(row.argmax())
            label = self._labels[best]
            sub_event = None if label == NO_EVENT else label
            event_type = SUB_EVENT_TYPES[sub_event] if sub_event else None
            labels.append(SentenceLabel(sub_event, event_type, float(row[best])))
        return labels
