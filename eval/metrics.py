"""Scores of sentence labels against gold: sub-event F1, event-type accuracy, no-event P/R."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import f1_score

from sentinelle.extract.classifier import NO_EVENT
from sentinelle.store.acled import SUB_EVENT_TYPES


@dataclass(frozen=True)
class Scores:
    """One corpus's figures; no-event precision/recall are None where gold has no such case."""

    count: int
    weighted_f1: float
    macro_f1: float
    event_type_accuracy: float
    no_event_precision: float | None
    no_event_recall: float | None

    def as_dict(self) -> dict[str, float | None]:
        """The figures by metric name, as the gate compares them with floors."""
        return {
            "weighted_f1": self.weighted_f1,
            "macro_f1": self.macro_f1,
            "event_type_accuracy": self.event_type_accuracy,
            "no_event_precision": self.no_event_precision,
            "no_event_recall": self.no_event_recall,
        }


def _event_type(label: str) -> str:
    return SUB_EVENT_TYPES.get(label, NO_EVENT)


def score(gold: Sequence[str], predicted: Sequence[str]) -> Scores:
    """F1 averaged over the sub-event types seen in gold or predictions (no event excluded).

    A "no event" answer to an event sentence is a miss for its type, and an event answer to a
    no-event sentence a false positive for the predicted type.
    """
    labels = sorted((set(gold) | set(predicted)) - {NO_EVENT})
    weighted = f1_score(gold, predicted, labels=labels, average="weighted", zero_division=0)
    macro = f1_score(gold, predicted, labels=labels, average="macro", zero_division=0)
    same_type = sum(_event_type(g) == _event_type(p) for g, p in zip(gold, predicted, strict=True))
    said_none = sum(p == NO_EVENT for p in predicted)
    is_none = sum(g == NO_EVENT for g in gold)
    both = sum(g == p == NO_EVENT for g, p in zip(gold, predicted, strict=True))
    return Scores(
        count=len(gold),
        weighted_f1=float(weighted),
        macro_f1=float(macro),
        event_type_accuracy=same_type / len(gold) if gold else 0.0,
        no_event_precision=both / said_none if said_none and is_none else None,
        no_event_recall=both / is_none if is_none else None,
    )
