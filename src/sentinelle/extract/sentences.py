"""Sentence splitting that keeps each sentence's offsets in the document, for evidence spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sentinelle.extract.events import Evidence

# A sentence ends at . ! ? (or a closing quote after one) before a capital, digit or quote.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”»’)]?\s+(?=[A-Z0-9\"“«À-Þ])")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = re.compile(
    r"\b(Mr|Mrs|Ms|Dr|Gen|Col|Lt|Capt|Sgt|St|No|Vol|approx|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|"
    r"Sept|Oct|Nov|Dec|U\.S|U\.N|M|Mme|Cdt|av|art|cf|etc|e\.g|i\.e)\.$"
)
# An opening clause that concedes what the sentence's news goes against.
_CONCESSIVE = re.compile(
    r"^\W*(?:despite|in spite of|notwithstanding|in violation of|in breach of|malgré|"
    r"en dépit de|en violation de)\b[^,;]{3,150},\s*",
    re.IGNORECASE,
)
# A field form's labelled line ("Lieu : Inékar", "Date of incident: 6 Aug 2016"); not a
# roundup's "Gao: ..." items, which are incidents each.
_FORM_LINE = re.compile(
    r"^(?:[\w'’]+ ){0,3}?(?:date|heure|time|lieu|location|place|localité|commune|cercle|"
    r"description|résumé|summary|bilan|toll|casualties|victimes?|victims?|auteurs?|"
    r"perpetrators?|source|type)\b[\w'’ ]{0,20}\s?:\s",
    re.IGNORECASE,
)
# A form holds one incident when at least this many of its lines are labelled.
FORM_LINES = 3
# What must remain of a sentence for its opening clause to be left out.
MIN_MAIN_CLAUSE = 20
# Longer "sentences" are layout debris (menus, tables): cut so no step sees megabytes.
MAX_SENTENCE = 2000


@dataclass(frozen=True)
class Sentence:
    """A sentence with its offset in the document and its paragraph's number."""

    text: str
    start: int
    paragraph: int

    def sub(self, start: int, end: int) -> Sentence:
        """A clause of this sentence, offsets kept relative to the document."""
        return Sentence(self.text[start:end], self.start + start, self.paragraph)

    def evidence(self, field: str, start: int, end: int) -> Evidence:
        """Evidence for a field: this sentence and the span (document offsets) of the words."""
        return Evidence(
            field, self.text, self.start + start, self.start + end, self.text[start:end]
        )


def split_sentences(text: str) -> list[Sentence]:
    """Paragraphs (line breaks) then sentences, each with its document offset."""
    sentences: list[Sentence] = []
    for paragraph, line in enumerate(re.finditer(r"[^\n]+", text)):
        base = line.start()
        chunk = line.group()
        start = 0
        for boundary in _BOUNDARY.finditer(chunk):
            if _ABBREVIATIONS.search(chunk[start : boundary.start() + 1]):
                continue
            _append(sentences, chunk, base, start, boundary.start(), paragraph)
            start = boundary.end()
        _append(sentences, chunk, base, start, len(chunk), paragraph)
    return sentences


def field_form(sentences: list[Sentence]) -> bool:
    """A monitor's form ("Date de l'incident : ...", "Lieu : ...", "Description : ..."):
    one incident, however many lines tell it."""
    return sum(bool(_FORM_LINE.match(s.text)) for s in sentences) >= FORM_LINES


def _append(
    sentences: list[Sentence], chunk: str, base: int, start: int, end: int, paragraph: int
) -> None:
    piece = chunk[start:end]
    stripped = piece.strip(" \t•·-–")
    if len(stripped) < 3:
        return
    offset = start + piece.index(stripped)
    sentences.append(Sentence(stripped[:MAX_SENTENCE], base + offset, paragraph))


def main_clause(sentence: Sentence) -> Sentence:
    """The sentence without an opening concessive clause ("Despite the ceasefire signed in
    Algiers, GATIA fighters attacked ..."): the agreement it recalls is not what it reports."""
    found = _CONCESSIVE.match(sentence.text)
    if found is None or len(sentence.text) - found.end() < MIN_MAIN_CLAUSE:
        return sentence
    return sentence.sub(found.end(), len(sentence.text))
