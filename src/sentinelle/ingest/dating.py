"""Finding publication dates in text: datelines, captions and dates written in full (EN, FR)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Final

MONTHS: Final = {
    **{
        name: number
        for number, names in enumerate(
            [
                ("january", "jan", "janvier", "janv"),
                ("february", "feb", "février", "fevrier", "févr", "fevr"),
                ("march", "mar", "mars"),
                ("april", "apr", "avril", "avr"),
                ("may", "mai"),
                ("june", "jun", "juin"),
                ("july", "jul", "juillet", "juil"),
                ("august", "aug", "août", "aout"),
                ("september", "sep", "sept", "septembre"),
                ("october", "oct", "octobre"),
                ("november", "nov", "novembre"),
                ("december", "dec", "décembre", "decembre", "déc"),
            ],
            start=1,
        )
        for name in names
    }
}
SCAN_CHARS: Final = 3000  # dates that tell when a piece was written sit in its opening
_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
# "18 November 2014", "1er novembre 2015", "November 18, 2014", "2014-11-18".
DAY_MONTH_YEAR: Final = re.compile(
    rf"\b(?P<day>\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?P<month>{_MONTH})\.?\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
MONTH_DAY_YEAR: Final = re.compile(
    rf"\b(?=[A-Za-zéû]{{3}})(?P<month>{_MONTH})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,\s+(?P<year>(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
ISO_DATE: Final = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>\d\d)-(?P<day>\d\d)\b")
# A dateline line: "Dakar/Brussels, 18 November 2014" or "BAMAKO, 20 novembre 2015".
DATELINE: Final = re.compile(
    rf"^\s*(?P<place>[A-ZÀ-Ý][\w'’ .-]*(?:/[A-ZÀ-Ý][\w'’ .-]*)*),\s+(?P<date>(?:\w+\s+)?\d{{1,2}}"
    rf"(?:er|st|nd|rd|th)?\s+(?:{_MONTH})\.?\s+(?:19|20)\d\d)\s*\.?\s*$",
    re.IGNORECASE,
)


def find_dates(text: str) -> Iterator[tuple[int, dt.date]]:
    """Each full date written in ``text``, with its character offset."""
    for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR, ISO_DATE):
        for match in pattern.finditer(text):
            found = _to_date(match)
            if found is not None:
                yield match.start(), found


def first_date(text: str) -> dt.date | None:
    """The earliest-placed full date in ``text``."""
    dates = sorted(find_dates(text))
    return dates[0][1] if dates else None


def latest_date(text: str, not_after: dt.date | None = None) -> dt.date | None:
    """The latest full date in the opening of ``text`` (a lower bound for when it was written)."""
    opening = text[:SCAN_CHARS]
    dates = [day for _, day in find_dates(opening) if not_after is None or day <= not_after]
    return max(dates) if dates else None


def parse_dateline(line: str) -> tuple[str, dt.date] | None:
    """(place, date) when ``line`` is a dateline such as "Dakar/Brussels, 18 November 2014"."""
    if len(line) > 120:
        return None
    match = DATELINE.match(line)
    if match is None:
        return None
    day = first_date(match["date"])
    return (match["place"].strip(), day) if day else None


def _to_date(match: re.Match[str]) -> dt.date | None:
    month_text = match["month"].lower().rstrip(".")
    month = int(month_text) if month_text.isdigit() else MONTHS.get(month_text)
    if month is None:
        return None
    try:
        return dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError:
        return None
