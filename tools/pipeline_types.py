"""The extraction pipeline's event type against the classifier's alone, on validation notes.

The classifier is fitted as ``tools.train_classifier --validate`` fits it (the training notes
minus the two validation splits), then each validation note is coded twice: by the classifier
alone, and by the full pipeline with that classifier (the type of its first event; none: "No
event"). Sub-event type weighted / macro F1 for both. The README's comparison comes from here;
no held-out note is read. Run: ``PYTHONPATH=. .venv/bin/python -m tools.pipeline_types``
(about a minute on one core).
"""

from __future__ import annotations

import csv
import datetime as dt
from typing import Any

from eval.acled import ACLED_DIR, DEV_2022, SAHEL, read_notes
from eval.fields import COUNTRY_ISO
from eval.metrics import score
from tools.train_classifier import _sahel_years, fit, validation_role

from sentinelle.extract.classifier import NO_EVENT, EventClassifier, Lexicon
from sentinelle.extract.pipeline import ExtractOptions, Extractor

SPLITS = ("val_2022", "val_sahel_2018")


def _dates_and_countries() -> dict[str, tuple[dt.date, str]]:
    """Each note's own date (its reference) and country, by event id."""
    found: dict[str, tuple[dt.date, str]] = {}
    for file_name in (DEV_2022, SAHEL):
        with (ACLED_DIR / file_name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                day = dt.date.fromisoformat(row["event_date"])
                found[row["event_id_cnty"]] = (day, row["country"])
    return found


def _pipeline_type(extractor: Extractor, text: str, day: dt.date, country: str) -> str:
    iso = COUNTRY_ISO.get(country, "ML")
    events = extractor.extract(text, ExtractOptions(day, "en", iso, country_given=True))
    return events[0].sub_event_type if events else NO_EVENT


def main() -> None:
    years = _sahel_years()
    notes = [note for note in read_notes() if note.split == "train"]
    roles = [validation_role(note, years) for note in notes]
    parts: dict[str, Any] = fit([n for n, r in zip(notes, roles, strict=True) if r == "fit"])
    classifier = EventClassifier(parts, Lexicon.load())
    extractor = Extractor(classifier=classifier)
    meta = _dates_and_countries()
    for split in SPLITS:
        chosen = [n for n, r in zip(notes, roles, strict=True) if r == split]
        gold = [note.sub_event_type for note in chosen]
        alone = [
            label.sub_event_type or NO_EVENT
            for label in classifier.classify([note.text for note in chosen])
        ]
        piped = [_pipeline_type(extractor, note.text, *meta[note.event_id]) for note in chosen]
        for name, predicted in (("classifier alone", alone), ("pipeline", piped)):
            scores = score(gold, predicted)
            print(
                f"{split} ({len(chosen)} notes), {name}: weighted F1 {scores.weighted_f1:.3f}, "
                f"macro F1 {scores.macro_f1:.3f}"
            )


if __name__ == "__main__":
    main()
