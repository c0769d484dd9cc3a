"""Which of a sentence's dates is its event's, and what a report's dates say of its events."""

from __future__ import annotations

import datetime as dt
import re

from sentinelle.extract.dates import DateMention
from sentinelle.extract.events import ExtractedEvent
from sentinelle.extract.sentences import Sentence
from sentinelle.store.enums import TimePrecision

# An event dated this many days before its report is recalled, not reported, by it.
RECALLED_DAYS = 31

# A date right before one of these nouns names that thing, not the event's day.
_ATTRIBUTIVE = re.compile(
    r"\s+(ceasefire|agreement|accord|deal|elections?|crisis|coup|offensive|talks|peace)\b"
)

# A date after these words is when something else happened ("JNIM claimed the attack on
# October 17", "detained since October 30, 2015").
_NOT_THE_EVENT = re.compile(
    r"\b(claimed|claiming|revendiqu\w*|since|depuis)\b[^.;,]{0,30}$"
    # "JNIM claimed responsibility for the attacks on Saturday"
    r"|\b(?:claimed|claiming)\s+(?:responsibility|credit)\b[^.;,]{0,40}$"
    # What came before the event reported ("clashes following violent protests on April 10").
    r"|\bfollowing\b[^.;,]{0,30}\bon\s*$"
    # Persons described by what befell them earlier ("the bodies of two men kidnapped on
    # August 25 were found"; "a man was kidnapped on" is the event itself).
    r"|(?<!was)(?<!were)(?<!been)(?<!have)\s(?:kidnapped|abducted|arrested|detained)\s+on\s*$",
    re.I,
)

# Characters before a date where what it dates is looked for.
NOT_THE_EVENT_REACH = 70

# When a toll or a statement was given ("selon un nouveau bilan communiqué lundi", "a toll
# released on Monday", "the ministry said on Tuesday", "a annoncé vendredi").
_STATEMENT = re.compile(
    r"\b(?:communiqu\w*|annonc\w*|publi\w*|released|announced|published|issued|said|stated|"
    r"reported|told \w+|a (?:indiqu|declar|affirm)\w*)\s*(?:on\s+|late\s+|early\s+|le\s+)?$",
    re.I,
)

# A dateline: where and when a report was filed ("BAMAKO, 8 août 2015 (AFP) -", "GAO, Mali,
# Nov. 28 (Reuters) —", "Ouagadougou (AFP) -", "Mopti, 21 mai 2018 –").
_CITY = r"[A-ZÀ-Ý][\w'’-]+(?:\s[A-ZÀ-Ý][\w'’-]+)?"
DATELINE = re.compile(
    r"^\W*(?:[A-ZÀ-Ý][A-ZÀ-Ý'’ -]{2,}\b(?:,[^()\n–—]{1,40}?)?\s*(?:\([^()\n]{1,40}\)\s*)?"
    rf"|{_CITY}(?:,[^()\n–—]{{1,40}}?)?\s*\([^()\n]{{1,40}}\)\s*"
    rf"|{_CITY},[^()\n–—]{{1,30}}?\d{{4}}\s*)[-–—]+\s"
)

# What joins two days of one event ("samedi et dimanche", "on Saturday and Sunday").
_JOINED_DAYS = re.compile(r"^\s*(?:and|et)\s*$", re.I)

# A short report is news: a date this many days before it recalls the background.
BACKGROUND_DAYS = 365

# A field form's date line ("Date: 6 Aug 2016", "Date de l'incident : 12/03/2019").
_DATE_LINE = re.compile(
    r"^\s*(?:date|when|quand|date of (?:the )?incident|incident date|date de l'incident|"
    r"date des faits)\s*:",
    re.IGNORECASE,
)


def date_from_form(
    events: list[ExtractedEvent], eventless: list[tuple[Sentence, list[DateMention]]]
) -> None:
    """Events their own sentence leaves undated take the day a field form's date line gives.

    Only a labelled line: in running text a later date is mostly of what followed ("He was
    released on May 21", "JNIM claimed the attack on October 26")."""
    candidates = [
        (sentence, mention)
        for sentence, dates in eventless
        for mention in dates
        if mention.precision is TimePrecision.DAY and _DATE_LINE.match(sentence.text)
    ]
    if len({m.date for _s, m in candidates}) != 1:
        return
    sentence, mention = candidates[0]
    for event in events:
        if event.date_is_fallback:
            event.event_date, event.time_precision = mention.date, int(mention.precision)
            event.date_is_fallback = False
            event.evidence.append(sentence.evidence("event_date", mention.start, mention.end))


def recalled(event: ExtractedEvent, reference: dt.date) -> bool:
    """An event dated well before its report: beside the report's own news ("both groups signed
    the peace agreement in June", in a November report of a clash) it is recalled, and did not
    happen where the news did."""
    return not event.date_is_fallback and (reference - event.event_date).days > RECALLED_DAYS


def background_only(found: list[DateMention], reference: dt.date) -> bool:
    """Every date the sentence gives is more than a year before its report ("was abducted
    in Karangasso in February 2017", in a 2021 report of her release): background."""
    return bool(found) and all((reference - d.date).days > BACKGROUND_DAYS for d in found)


def event_dates(
    text: str, reference: dt.date, found: list[DateMention], *, short: bool = False
) -> list[DateMention]:
    """Of the dates ``find_dates`` found in the sentence, those that can date an event: not
    those naming another thing ("the May 2014 ceasefire"), a claim or a state since then; in a
    short report, not those of years before it. The day a toll or a statement was given, or
    the report filed, dates the event only when the sentence gives no other."""
    dates = [
        d
        for d in found
        if not _ATTRIBUTIVE.match(text, d.end)
        and not _NOT_THE_EVENT.search(text[max(0, d.start - NOT_THE_EVENT_REACH) : d.start])
        and not (short and (reference - d.date).days > BACKGROUND_DAYS)
    ]
    dateline = DATELINE.match(text)
    filed = dateline.end() if dateline else 0
    own = [
        d
        for d in dates
        if d.start >= filed and not _STATEMENT.search(text[max(0, d.start - 30) : d.start])
    ]
    return own or dates


def clauses(
    sentence: Sentence, dates: list[DateMention]
) -> list[tuple[Sentence, list[DateMention]]]:
    """A sentence with two different days reports two events: split it between them; not
    one event over consecutive days ("samedi et dimanche", "on 3 and 4 May"), dated its
    first (ACLED)."""
    days = _apart([d for d in dates if d.precision is TimePrecision.DAY], sentence.text)
    if len({d.date for d in days}) < 2:
        return [(sentence, dates)]
    parts: list[tuple[Sentence, list[DateMention]]] = []
    start = 0
    for index, mention in enumerate(days):
        end = days[index + 1].start if index + 1 < len(days) else len(sentence.text)
        cut = sentence.text.rfind(" and ", start, end) if index + 1 < len(days) else end
        cut = cut if cut >= mention.end else end
        clause = sentence.sub(start, cut)
        shifted = [
            DateMention(
                mention.date,
                mention.precision,
                mention.start - start,
                mention.end - start,
                mention.text,
            )
        ]
        parts.append((clause, shifted))
        start = cut + len(" and ") if sentence.text.startswith(" and ", cut) else cut
    return parts


def _apart(days: list[DateMention], text: str) -> list[DateMention]:
    """The days that are not joined to the one before ("samedi et dimanche")."""
    kept: list[DateMention] = []
    for day in days:
        if kept and _JOINED_DAYS.match(text[kept[-1].end : day.start]):
            continue
        kept.append(day)
    return kept


def set_date(
    event: ExtractedEvent,
    sentence: Sentence,
    dates: list[DateMention],
    short: bool,
) -> None:
    """The event's date: the sentence's first, else the report's own, marked as a fallback."""
    chosen = dates[0] if dates else None
    if chosen is None:
        # Undated: around the document's date (a short report's week, a long piece's month);
        # merging lets a dated report of the same event in the document set the date.
        event.time_precision = int(TimePrecision.WEEK if short else TimePrecision.MONTH)
        event.date_is_fallback = True
        return
    event.event_date, event.time_precision = chosen.date, int(chosen.precision)
    event.evidence.append(sentence.evidence("event_date", chosen.start, chosen.end))
