"""Train the shipped event classifier (``extract/models/event_classifier.joblib``).

Data: ACLED notes of the four files with sub-event types, minus the held-out splits of
``eval/acled.py``, plus the project's own sentences and templates in ``tools/classifier_data``.
Run from the repository root: ``.venv/bin/python -m tools.train_classifier``; ``--validate``
scores the settings on validation splits carved from the training notes (see ``validate``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import logging
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any, Final

import joblib
import numpy as np
import yaml
from eval.acled import ACLED_DIR, DEV_2022, ROOT, SAHEL, SAHEL_HELDOUT_YEAR, Note, read_notes
from eval.metrics import score
from eval.sentences import read_sentences
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.metrics import f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline, make_union
from sklearn.svm import LinearSVC

from sentinelle.extract.classifier import (
    DEFAULT_MODEL,
    NO_EVENT,
    EventClassifier,
    Lexicon,
    normalise,
)
from sentinelle.store.acled import SUB_EVENT_TYPES

logger = logging.getLogger("train_classifier")

DATA_DIR: Final = ROOT / "tools" / "classifier_data"
# Word uni- and bigrams and character 2-5-grams: the data README's baseline features, with
# no cap on the vocabulary (None): capping it cost 5 points of macro F1 on rare types.
WORD_FEATURES: Final[int | None] = None
CHAR_FEATURES: Final[int | None] = None
# Concept tokens are few and bilingual: scaled up so they weigh like a handful of n-grams.
CONCEPT_WEIGHT: Final = 0.6
# The project's own sentences are few but in the target style: each counts as several notes.
OWN_WEIGHT: Final = 4.0
# Earlier Sahel notes are the closest to what Sentinelle codes (Mali and its neighbours).
SAHEL_WEIGHT: Final = 2.0
# The 2022 training notes are ACLED's current coding style: on validation, weight 3 gave 2022
# notes +0.5 point weighted F1 and left Sahel 2018 as it was (1 and 2 were tried).
DEV_2022_WEIGHT: Final = 3.0
# SVM regularisation, chosen on the validation splits among 0.25, 0.35, 0.5, 0.7 and 1.0.
SVM_C: Final = 0.35
# Softmax temperature over SVM margins: margins span about +-1, so 0.25 gives usable spreads.
TEMPERATURE: Final = 0.25
# Coefficients under this fraction of a label's largest are dropped: the file stays under 4 MB
# (4% cost 6 points of macro F1 on held-out 2022 notes; 1% costs under one).
PRUNE_FRACTION: Final = 0.01
# Sentences generated from each template (slots filled at random).
PER_TEMPLATE: Final = 6
SEED: Final = 20261124
# Validation for the later-year column: the Sahel year before the held-out one.
VALIDATION_SAHEL_YEAR: Final = "2018"


def _read_own_sentences() -> list[tuple[str, str, str]]:
    """(label, language, sentence) from the hand-written training files."""
    rows: list[tuple[str, str, str]] = []
    no_event = DATA_DIR / "no_event_train.txt"
    for line in no_event.read_text(encoding="utf-8").splitlines():
        if line.strip():
            language, sentence = line.split("\t", 1)
            rows.append((NO_EVENT, language, sentence))
    labelled = DATA_DIR / "sentences_train.tsv"
    if labelled.is_file():
        with labelled.open(encoding="utf-8", newline="") as handle:
            for row in csv.reader(handle, delimiter="\t"):
                if row and not row[0].startswith("#"):
                    rows.append((row[0], row[1], row[2]))
    return rows


def _expand_templates(rng: random.Random) -> list[tuple[str, str, str]]:
    """Fill every template's slots at random: (label, language, sentence)."""
    path = DATA_DIR / "templates.yaml"
    if not path.is_file():
        return []
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    slots: dict[str, dict[str, list[str]]] = data["slots"]
    rows = []
    for label, by_language in data["templates"].items():
        for language, templates in by_language.items():
            values = slots[language]
            for template in templates:
                for _ in range(PER_TEMPLATE):
                    filled = {name: rng.choice(options) for name, options in values.items()}
                    sentence = template.format(**filled)
                    rows.append((label, language, sentence[0].upper() + sentence[1:]))
    return rows


def _check_labels(rows: list[tuple[str, str, str]]) -> None:
    known = set(SUB_EVENT_TYPES) | {NO_EVENT}
    unknown = {label for label, _, _ in rows} - known
    if unknown:
        raise SystemExit(f"unknown labels in the training sentences: {sorted(unknown)}")


def _note_weight(note: Note) -> float:
    if note.file_name == SAHEL:
        return SAHEL_WEIGHT
    return DEV_2022_WEIGHT if note.file_name == DEV_2022 else 1.0


def fit(notes: list[Note]) -> dict[str, Any]:
    """Fit the vectorisers and the linear model on these notes and the own sentences."""
    rng = random.Random(SEED)
    own = _read_own_sentences() + _expand_templates(rng)
    _check_labels(own)
    texts = [note.text for note in notes] + [sentence for _, _, sentence in own]
    labels = [note.sub_event_type for note in notes] + [label for label, _, _ in own]
    weights = np.array([_note_weight(note) for note in notes] + [OWN_WEIGHT] * len(own))
    logger.info("training on %d ACLED notes and %d own sentences", len(notes), len(own))
    logger.info("labels: %s", Counter(labels).most_common())

    lexicon = Lexicon.load()
    normalised = [normalise(text) for text in texts]
    concepts = [lexicon.concepts(text) for text in normalised]
    word = TfidfVectorizer(
        ngram_range=(1, 2),
        min_df=2,
        max_features=WORD_FEATURES,
        sublinear_tf=True,
        strip_accents="unicode",
    )
    char = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(2, 5),
        min_df=3,
        max_features=CHAR_FEATURES,
        sublinear_tf=True,
        strip_accents="unicode",
    )
    concept = CountVectorizer(binary=True, token_pattern=r"kw\w+")
    matrix = sparse.hstack(
        [
            word.fit_transform(normalised),
            char.fit_transform(normalised),
            concept.fit_transform(concepts) * CONCEPT_WEIGHT,
        ],
        format="csr",
    )
    model = LinearSVC(C=SVM_C, class_weight="balanced", max_iter=5000, random_state=SEED)
    started = time.perf_counter()
    model.fit(matrix, labels, sample_weight=weights)
    logger.info("fitted in %.0f s on %s features", time.perf_counter() - started, matrix.shape)
    _prune(model)
    for vectorizer in (word, char):
        vectorizer.stop_words_ = None  # the discarded vocabulary: megabytes, never used
    return {
        "word": word,
        "char": char,
        "concept": concept,
        "concept_weight": CONCEPT_WEIGHT,
        "model": model,
        "temperature": TEMPERATURE,
        "name": "extract.classifier",
        "version": "v1",
    }


def train(output: Path) -> dict[str, Any]:
    """Fit on every training note (never the held-out splits); save the compressed parts."""
    parts = fit([note for note in read_notes() if note.split == "train"])
    output.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(parts, output, compress=("xz", 9))
    logger.info("saved %s (%.1f MB)", output, output.stat().st_size / 1e6)
    return parts


def _prune(model: LinearSVC) -> None:
    """Zero the smallest coefficients of each label and store them sparse, in float32."""
    coef = model.coef_.astype(np.float32)
    limits = np.abs(coef).max(axis=1, keepdims=True) * PRUNE_FRACTION
    coef[np.abs(coef) < limits] = 0.0
    logger.info("kept %d of %d coefficients", int((coef != 0).sum()), coef.size)
    model.coef_ = sparse.csr_matrix(coef)


def _smoke(output: Path) -> None:
    classifier = EventClassifier.load(output)
    samples = [
        "Islamist gunmen stormed a luxury hotel in Bamako, taking 170 hostages.",
        "Un engin explosif improvisé a frappé un convoi de la MINUSMA près de Kidal.",
        "Millet prices rose at the Mopti market this week.",
    ]
    for sample, label in zip(samples, classifier.classify(samples), strict=True):
        logger.info("%s -> %s (%.2f)", sample, label.sub_event_type, label.probability)


def _sahel_years() -> dict[str, str]:
    with (ACLED_DIR / SAHEL).open(encoding="utf-8", newline="") as handle:
        return {row["event_id_cnty"]: row["year"] for row in csv.DictReader(handle)}


def validation_role(note: Note, sahel_years: dict[str, str]) -> str:
    """``val_2022``, ``val_sahel_2018`` or ``fit`` for a training note (held-out notes: never)."""
    if note.file_name == DEV_2022:
        digest = hashlib.sha256(note.event_id.encode("utf-8")).digest()
        return "val_2022" if digest[0] % 5 == 1 else "fit"
    if note.file_name == SAHEL and sahel_years[note.event_id] == VALIDATION_SAHEL_YEAR:
        return "val_sahel_2018"
    return "fit"


def validate() -> None:
    """Fit on the training notes minus two validation splits; print their scores.

    The validation splits mirror the held-out ones inside the training data: another fifth of
    the 2022 training notes (sha256 first byte % 5 == 1; the held-out fifth is % 5 == 0) and
    the Sahel notes of 2018, the year before the held-out 2019, coded by a model that saw 2017
    at latest. Settings are chosen on these figures; the held-out sets only confirm them.
    """
    years = _sahel_years()
    notes = [note for note in read_notes() if note.split == "train"]
    roles = [validation_role(note, years) for note in notes]
    parts = fit([note for note, role in zip(notes, roles, strict=True) if role == "fit"])
    classifier = EventClassifier(parts, Lexicon.load())
    for split in ("val_2022", "val_sahel_2018"):
        chosen = [note for note, role in zip(notes, roles, strict=True) if role == split]
        labels = classifier.classify([note.text for note in chosen])
        predicted = [label.sub_event_type or NO_EVENT for label in labels]
        scores = score([note.sub_event_type for note in chosen], predicted)
        print(
            f"{split} ({len(chosen)} notes): weighted F1 {scores.weighted_f1:.3f}, "
            f"macro F1 {scores.macro_f1:.3f}"
        )


def _baseline_pipeline(notes: list[Note]) -> Any:
    """The data README's row 2: TF-IDF word 1-2 + char 2-5-grams, balanced linear SVM."""
    pipeline = make_pipeline(
        make_union(
            TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), min_df=2, sublinear_tf=True),
        ),
        LinearSVC(class_weight="balanced", random_state=SEED),
    )
    pipeline.fit([note.text for note in notes], [note.sub_event_type for note in notes])
    return pipeline


def score_baseline() -> None:
    """Re-measure the data README's row 2 (plain TF-IDF word+char SVM) on the gate's splits."""
    notes = list(read_notes())
    pipeline = _baseline_pipeline([note for note in notes if note.split == "train"])
    corpora = {
        split: [(note.text, note.sub_event_type) for note in notes if note.split == split]
        for split in ("heldout_2022", "heldout_sahel_2019")
    }
    corpora["own_sentences"] = [(s.text, s.label) for s in read_sentences()]
    for name, pairs in corpora.items():
        predicted = [str(label) for label in pipeline.predict([text for text, _ in pairs])]
        scores = score([gold for _, gold in pairs], predicted)
        print(
            f"baseline {name}: weighted F1 {scores.weighted_f1:.3f}, macro F1 {scores.macro_f1:.3f}"
        )


def score_row2_protocol(seeds: list[int]) -> None:
    """Row 2 of the data README and this model under the protocol that reproduces its figures.

    Every note of the four files pooled (held-out splits included), a random fifth held out
    (``train_test_split``, one seed per run); "2022" is that fifth's 2022 notes and "Sahel
    2019" its Sahel notes of 2019, whose other 2019 notes are in training. Macro F1 is printed
    twice: over the types seen in gold or predictions (as the gate does) and over all 25
    types (absent types count 0: the data README's convention, which reproduces its 0.468).
    """
    years = _sahel_years()
    notes = list(read_notes())
    for seed in seeds:
        train_notes, test_notes = train_test_split(notes, test_size=0.2, random_state=seed)
        tests = {
            "2022": [note for note in test_notes if note.file_name == DEV_2022],
            "sahel_2019": [
                note
                for note in test_notes
                if note.file_name == SAHEL and years[note.event_id] == SAHEL_HELDOUT_YEAR
            ],
        }
        baseline = _baseline_pipeline(train_notes)
        ours = EventClassifier(fit(train_notes), Lexicon.load())
        for name, chosen in tests.items():
            gold = [note.sub_event_type for note in chosen]
            texts = [note.text for note in chosen]
            for model_name, predicted in (
                ("row 2", [str(label) for label in baseline.predict(texts)]),
                ("ours", [label.sub_event_type or NO_EVENT for label in ours.classify(texts)]),
            ):
                scores = score(gold, predicted)
                all_types = sorted(SUB_EVENT_TYPES)
                macro_25 = f1_score(
                    gold, predicted, labels=all_types, average="macro", zero_division=0
                )
                print(
                    f"seed {seed} {name} ({len(chosen)} notes) {model_name}: weighted F1 "
                    f"{scores.weighted_f1:.3f}, macro F1 {scores.macro_f1:.3f} "
                    f"(over 25 types {macro_25:.3f})"
                )


def main() -> None:
    """Command line: train and save, then show three sample labels (or score the baseline)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_MODEL)
    parser.add_argument(
        "--baseline", action="store_true", help="only re-measure the plain baseline on our splits"
    )
    parser.add_argument(
        "--validate", action="store_true", help="only score the settings on validation splits"
    )
    parser.add_argument(
        "--row2-protocol",
        type=int,
        nargs="*",
        metavar="SEED",
        help="score row 2 and this model on pooled random 80/20 splits (default seeds 42 0 1)",
    )
    arguments = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if arguments.row2_protocol is not None:
        score_row2_protocol(arguments.row2_protocol or [42, 0, 1])
        return
    if arguments.baseline:
        score_baseline()
        return
    if arguments.validate:
        validate()
        return
    train(arguments.output)
    _smoke(arguments.output)


if __name__ == "__main__":
    main()
