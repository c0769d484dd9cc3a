"""Dates named in English and French text, resolved against the document's own date.

Returns ACLED's ``time_precision`` with each date: 1 the day is known, 2 the week, 3 the month
or vaguer. A day and month without a year take the year that puts them closest before the
reference date ("on Friday 20 November" in a piece of late November 2015 is 2015-11-20).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sentinelle.extract.normalize import fold
from sentinelle.store.enums import TimePrecision

MONTHS = {
    "january": 1, "jan": 1, "janvier": 1, "february": 2, "feb": 2, "fevrier": 2, "march": 3,
    "mar": 3, "mars": 3, "april": 4, "apr": 4, "avril": 4, "may": 5, "mai": 5, "june": 6,
    "jun": 6, "juin": 6, "july": 7, "jul": 7, "juillet": 7, "august": 8, "aug": 8, "aout": 8,
    "september": 9, "sep": 9, "sept": 9, "septembre": 9, "october": 10, "oct": 10,
    "octobre": 10, "november": 11, "nov": 11, "novembre": 11, "december": 12, "dec": 12,
    "decembre": 12,
}  # fmt: skip
WEEKDAYS = {
    "monday": 0, "lundi": 0, "tuesday": 1, "mardi": 1, "wednesday": 2, "mercredi": 2,
    "thursday": 3, "jeudi": 3, "friday": 4, "vendredi": 4, "saturday": 5, "samedi": 5,
    "sunday": 6, "dimanche": 6,
}  # fmt: skip
NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
    "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7, "dix": 10,
}  # fmt: skip
# A day-and-month without a year may lie this far after the reference date (announced talks,
# a piece dated a day early); beyond it the previous year is meant.
FUTURE_TOLERANCE = dt.timedelta(days=45)
# The day that stands for a month named alone ("in May 2014"): ACLED's own convention (of its
# training-side events at month precision, 103 are dated the 15th, 7 the 1st).
MID_MONTH = 15
# Month of the year that "early", "mid" and "late" stand for.
SEASON_MONTH = {"early": 1, "debut": 1, "mid": 6, "mi": 6, "late": 10, "fin": 10, "end": 12}

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(WEEKDAYS)
_N = "|".join(NUMBER_WORDS)
# Patterns run on folded text (lower case, no accents, punctuation as spaces).
_DAY_MONTH = re.compile(
    rf"\b(?:(?:{_W})\s+)?(?:le\s+)?(\d{{1,2}})(?:st|nd|rd|th|er)?\s+(?:of\s+)?({_M})\b"
    rf"(?:\s+(\d{{4}}))?"
)
_MONTH_DAY = re.compile(rf"\b({_M})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:\s+(\d{{4}}))?")
# "On April 1 or 2", "On 19 and 20 February": the first day (ACLED's own notes of 1997-2018
# and 2022 date such events by the first day 11 times, by the later day 5 times).
_TWO_DAYS = re.compile(
    rf"\b(?:on\s+)?(?:({_M})\s+)?(\d{{1,2}})\s+(?:or|and|ou|et)\s+(\d{{1,2}})(?:\s+({_M}))?"
    rf"(?:\s+(\d{{4}}))?"
)
_BETWEEN = re.compile(
    rf"\b(?:between|entre)\s+(?:le\s+)?(\d{{1,2}})\s+(?:and|et)\s+(?:le\s+)?(\d{{1,2}})\s+({_M})"
    rf"(?:\s+(\d{{4}}))?"
)
_NUMERIC = re.compile(r"\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b|\b(\d{4})-(\d{2})-(\d{2})\b")
# A day and month heading a list item or a log line ("16/04 : des hommes armés ..."): in the
# year that puts it nearest before the reference.
_LINE_DAY = re.compile(r"^\W*(\d{1,2})/(\d{1,2})\s*[:\-–—]")
_MONTH_YEAR = re.compile(rf"\b({_M})(?:\s+(?:{_M}))?\s+(\d{{4}})\b")
# A month named alone, also with "early", "mid" or "late" ("In late September", "fin septembre").
_MONTH_ONLY = re.compile(
    rf"\b(?:in|en|since|depuis|during|durant|this|ce mois de|early|mid|late|end of|debut|mi|"
    rf"fin)\s+(?:de\s+|d\s+)?({_M})\b"
)
_SEASON_YEAR = re.compile(r"\b(early|mid|late|end of|debut|mi|fin)\s+(?:de\s+|of\s+)?(\d{4})\b")
_YEAR_ONLY = re.compile(r"\b(?:in|en|since|depuis)\s+(\d{4})\b")
_RELATIVE = re.compile(
    r"\b(yesterday|today|this morning|last night|tonight|hier|avant hier|aujourd hui|"
    r"ce matin|la nuit derniere|cette nuit|last week|la semaine derniere|this week|"
    r"cette semaine)\b"
)
_WEEKDAY = re.compile(rf"\b(?:on|last|this|ce|dernier)?\s*({_W})\b(?:\s+(?:dernier|last))?")
_AFTER = re.compile(
    rf"\b(\d+|{_N})\s+(days?|weeks?|jours?|semaines?)\s+(after|before|apres|avant)\s+"
    r"(?:the\s+|la\s+|le\s+|l\s+)?(\w+)"
)
# A day counted from the last day the text gave ("The rebels had seized Gao a day earlier",
# "la veille"), not from another thing named after it ("the day before the vote").
_FROM_PREVIOUS = re.compile(
    rf"\b(?:(a|one|\d|{_N})\s+(days?)\s+(earlier|later|before)|(\d|{_N})\s+(jours?)\s+plus\s+"
    r"(tot|tard)|the (day before|previous day|day after|next day|following day)|"
    r"(la veille|le lendemain)|(?:some |a few |quelques )?(hours|heures)\s+"
    r"(?:earlier|later|plus tot|plus tard|auparavant))\b"
)
# The event told before came some days after (or before) the one this clause tells ("The
# blast came two days after jihadists overran a post"): counted back from the last day given.
_CAME_AFTER = re.compile(
    rf"\b(?:came|comes|happened|occurred|took place|intervient|est intervenue?|survient|"
    rf"est survenue?)\s+(a|one|\d+|{_N})\s+(?:days?|jours?)\s+(after|apres|before|avant)\b"
)
_OBJECT = re.compile(r"\s+(?:the|of|du|de|des|d|l|la|le|au|a)\b")
_LATER = {"later", "tard", "day after", "next day", "following day", "le lendemain"}
_RELATIVE_DAYS = {
    "yesterday": (-1, TimePrecision.DAY), "hier": (-1, TimePrecision.DAY),
    "avant hier": (-2, TimePrecision.DAY), "today": (0, TimePrecision.DAY),
    "aujourd hui": (0, TimePrecision.DAY), "this morning": (0, TimePrecision.DAY),
    "ce matin": (0, TimePrecision.DAY), "tonight": (0, TimePrecision.DAY),
    "cette nuit": (0, TimePrecision.DAY), "last night": (-1, TimePrecision.DAY),
    "la nuit derniere": (-1, TimePrecision.DAY), "last week": (-7, TimePrecision.WEEK),
    "la semaine derniere": (-7, TimePrecision.WEEK), "this week": (0, TimePrecision.WEEK),
    "cette semaine": (0, TimePrecision.WEEK),
}  # fmt: skip


@dataclass(frozen=True)
class DateMention:
    """A date named in a text: the day it resolves to, how precisely, and its span."""

    date: dt.date
    precision: TimePrecision
    start: int
    end: int
    text: str


def find_dates(
    text: str,
    reference: dt.date,
    anchors: Iterable[tuple[str, dt.date]] = (),
    previous_day: dt.date | None = None,
) -> list[DateMention]:
    """Every date expression in the text, in order, resolved against ``reference``.

    ``anchors`` are (word, date) pairs from earlier sentences, for "three days after the
    Anefis meeting" when the meeting's date was given before; ``previous_day`` is the day
    "a day earlier" or "la veille" counts from (the first day of the last sentence giving one;
    by default the last anchor's).
    """
    folded = fold(text)
    anchors = list(anchors)
    if previous_day is None and anchors:
        previous_day = anchors[-1][1]
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for start, end, date, precision in _candidates(text, folded, reference, anchors, previous_day):
        if any(s < end and start < e for s, e in taken):
            continue
        taken.append((start, end))
        found.append(DateMention(date, precision, start, end, text[start:end]))
    return sorted(found, key=lambda m: m.start)


def _candidates(
    text: str,
    folded: str,
    reference: dt.date,
    anchors: list[tuple[str, dt.date]],
    previous_day: dt.date | None,
) -> Iterable[tuple[int, int, dt.date, TimePrecision]]:
    """Candidates from the most specific pattern to the vaguest (overlaps keep the first)."""
    for m in _BETWEEN.finditer(folded):
        date = _day(int(m.group(1)), MONTHS[m.group(3)], m.group(4), reference)
        if date:
            yield m.start(), m.end(), date, TimePrecision.WEEK
    for m in _TWO_DAYS.finditer(folded):
        month = m.group(1) or m.group(4)
        if month and not (m.group(1) and m.group(4)):
            date = _day(int(m.group(2)), MONTHS[month], m.group(5), reference)
            if date:
                yield m.start(), m.end(), date, TimePrecision.DAY
    for m in _NUMERIC.finditer(text):  # slashes and dashes: the raw text
        import dateparser  # slow to import; only numeric dates need it

        parsed = dateparser.parse(m.group(), settings={"DATE_ORDER": "DMY"})
        if parsed:
            yield m.start(), m.end(), parsed.date(), TimePrecision.DAY
    for m in _LINE_DAY.finditer(text):
        date = (
            _day(int(m.group(1)), int(m.group(2)), None, reference)
            if int(m.group(2)) <= 12
            else None
        )
        if date:
            yield m.start(1), m.end(2), date, TimePrecision.DAY
    for m in _DAY_MONTH.finditer(folded):
        date = _day(int(m.group(1)), MONTHS[m.group(2)], m.group(3), reference)
        if date:
            yield m.start(), m.end(), date, TimePrecision.DAY
    for m in _MONTH_DAY.finditer(folded):
        date = _day(int(m.group(2)), MONTHS[m.group(1)], m.group(3), reference)
        if date:
            yield m.start(), m.end(), date, TimePrecision.DAY
    yield from _after(folded, anchors)
    yield from _came_after(folded, previous_day)
    yield from _from_previous(text, folded, previous_day)
    for m in _MONTH_YEAR.finditer(folded):
        yield (
            m.start(),
            m.end(),
            dt.date(int(m.group(2)), MONTHS[m.group(1)], MID_MONTH),
            TimePrecision.MONTH,
        )
    for m in _SEASON_YEAR.finditer(folded):
        month = SEASON_MONTH[m.group(1).split()[0]]
        yield m.start(), m.end(), dt.date(int(m.group(2)), month, 1), TimePrecision.MONTH
    for m in _RELATIVE.finditer(folded):
        days, precision = _RELATIVE_DAYS[m.group(1)]
        yield m.start(), m.end(), reference + dt.timedelta(days=days), precision
    for m in _WEEKDAY.finditer(folded):
        back = (reference.weekday() - WEEKDAYS[m.group(1)]) % 7
        yield m.start(1), m.end(1), reference - dt.timedelta(days=back), TimePrecision.DAY
    for m in _MONTH_ONLY.finditer(folded):
        date = _day(MID_MONTH, MONTHS[m.group(1)], None, reference)
        if date:
            yield m.start(1), m.end(), date, TimePrecision.MONTH
    for m in _YEAR_ONLY.finditer(folded):
        yield m.start(1), m.end(), dt.date(int(m.group(1)), 1, 1), TimePrecision.MONTH


def _after(
    folded: str, anchors: list[tuple[str, dt.date]]
) -> Iterable[tuple[int, int, dt.date, TimePrecision]]:
    for m in _AFTER.finditer(folded):
        amount = _number(m.group(1))
        unit = 7 if m.group(2).startswith(("week", "semaine")) else 1
        sign = 1 if m.group(3) in ("after", "apres") else -1
        for word, date in reversed(anchors):
            if word == m.group(4):
                delta = dt.timedelta(days=sign * amount * unit)
                precision = TimePrecision.DAY if unit == 1 else TimePrecision.WEEK
                yield m.start(), m.end(), date + delta, precision
                break


def _from_previous(
    text: str, folded: str, previous_day: dt.date | None
) -> Iterable[tuple[int, int, dt.date, TimePrecision]]:
    if previous_day is None:
        return
    for m in _FROM_PREVIOUS.finditer(folded):
        if text[m.end() : m.end() + 1] not in (",", ".", ";") and _OBJECT.match(folded, m.end()):
            continue
        amount_word = m.group(1) or m.group(4) or "one"
        amount = 0 if m.group(9) else 1 if amount_word == "a" else _number(amount_word)
        direction = m.group(3) or m.group(6) or m.group(7) or m.group(8)
        sign = 1 if direction in _LATER else -1
        yield (
            m.start(),
            m.end(),
            previous_day + dt.timedelta(days=sign * amount),
            TimePrecision.DAY,
        )


def _came_after(
    folded: str, previous_day: dt.date | None
) -> Iterable[tuple[int, int, dt.date, TimePrecision]]:
    if previous_day is None:
        return
    for m in _CAME_AFTER.finditer(folded):
        amount = 1 if m.group(1) == "a" else _number(m.group(1))
        sign = -1 if m.group(2) in ("after", "apres") else 1
        yield m.start(), m.end(), previous_day + dt.timedelta(days=sign * amount), TimePrecision.DAY


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBER_WORDS[word]


def _day(day: int, month: int, year: str | None, reference: dt.date) -> dt.date | None:
    """The date, taking the year that puts it nearest before the reference when none is given."""
    try:
        if year:
            return dt.date(int(year), month, day)
        date = dt.date(reference.year, month, day)
        if date - reference > FUTURE_TOLERANCE:
            date = dt.date(reference.year - 1, month, day)
        return date
    except ValueError:
        return None


def anchor_words(text: str) -> list[str]:
    """Capitalised words of a sentence that later text may date things from ("Anefis")."""
    return [fold(w).strip() for w in re.findall(r"\b[A-ZÀ-Þ][\w\-]{2,}", text)]
