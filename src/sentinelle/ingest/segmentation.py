"""Cutting a text copy of a web page into its pieces, and stripping the page's furniture.

A page may hold several pieces (a briefing, then a Q&A), each announced by a section label
("Briefing 104 / Africa"), often preceded by its photo caption, and closed by a dateline
("Dakar/Brussels, 18 November 2014"). Icon-name runs, share widgets, photo credits and
repeated headers are removed; every piece keeps the offsets of its span in the original.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Final

from sentinelle.ingest.dating import find_dates, latest_date, parse_dateline

# Words of icon sprites and social buttons that scrapers copy as a run of names.
_UI_NAMES: Final = """arrow left right up down camera icon icons set ellipsis facebook favorite
favourite globe hamburger list mail map marker microphone minus plus pdf play print rss search
share trash twitter video youtube instagram linkedin whatsapp telegram tiktok email close menu
home chevron caret user bookmark download calendar clock link copy x flickr soundcloud spotify
vimeo pinterest reddit expand collapse external info warning check"""
UI_WORDS: Final = frozenset(_UI_NAMES.split())
MIN_ICON_RUN_WORDS: Final = 4  # fewer could be a real short heading
ICON_RUN_SHARE: Final = 0.8  # share of UI words in a line for it to be an icon run
# Buttons and links of page furniture, in English and French, alone on their line.
WIDGET: Final = re.compile(
    r"^(?:share(?: this(?: article| page)?)?|save|print|download(?: full report| pdf| the report)?"
    r"|e-?mail|tweet|facebook|twitter|linkedin|whatsapp|copy link|partager|imprimer"
    r"|enregistrer|télécharger(?: le rapport(?: complet)?| pdf)?|read more|lire la suite"
    r"|subscribe|s'abonner|follow us|suivez-nous|back to top|skip to (?:main )?content|menu"
    r"|search|rechercher|home|accueil|sign in|log in|connexion|newsletter|related|à lire aussi"
    r"|see also|voir aussi|advertisement|publicité|comments?|commentaires?)\s*:?$",
    re.IGNORECASE,
)
BULLET: Final = re.compile(r"^[\s•·▪►*–—-]+")
# "Briefing 104 / Africa", "Commentary / Africa", "Rapport 210 / Afrique".
SECTION_LABEL: Final = re.compile(r"^[A-ZÀ-Ý][\w&'’ -]{1,40}?(?: \d+)? / [A-ZÀ-Ý][\w&'’ -]{1,40}$")
# A caption ends with its credit: "... on 20 November 2015. AFP/Habibou Kouyate".
CAPTION_CREDIT: Final = re.compile(
    r"(?:[.!?]\s+(?:©\s*)?[A-Z][\w&]*(?: [A-Z][\w&]*)?/[A-ZÀ-Ý][\w.'’ -]{1,40}"
    r"|\s(?:©|Photo ?:|Crédit(?: photo)? ?:|Credit ?:)\s*[\w.'’/ -]{2,60})$"
)
MAX_CAPTION_CHARS: Final = 400  # captions are a sentence or two
MAX_TITLE_CHARS: Final = 160  # longer lines are paragraphs, not headings
MIN_SEGMENT_CHARS: Final = 200  # less body than this is page furniture, not a piece
OPENING_LINES: Final = 3  # a dateline within a piece's first lines opens it, later closes it


class LineRole(enum.StrEnum):
    """What a line of a text page is."""

    BLANK = "blank"
    ICONS = "icons"
    WIDGET = "widget"
    LABEL = "label"
    CAPTION = "caption"
    DATELINE = "dateline"
    BODY = "body"


@dataclass
class Line:
    """One line of the original, its span and its role."""

    start: int
    end: int
    text: str
    role: LineRole


@dataclass
class Segment:
    """One piece of a page: its span in the original and what was found in it."""

    start: int
    end: int
    text: str
    title: str | None = None
    label: str | None = None
    caption: str | None = None
    dateline: str | None = None
    place: str | None = None
    published_on: dt.date | None = None
    date_from: str | None = None
    meta: dict[str, str] = field(default_factory=dict)


def segment_text(text: str, *, not_after: dt.date | None = None) -> list[Segment]:
    """The pieces of a text page, furniture removed, each with title, date and offsets.

    A text too short to hold several pieces is one piece, whatever its length.
    """
    lines = _classify(text)
    repeated = _repeated_short_lines(lines)
    pieces = [_build(span, repeated, not_after, MIN_SEGMENT_CHARS) for span in _split(lines)]
    found = [piece for piece in pieces if piece is not None]
    if found:
        return found
    content = [line for line in lines if line.role is not LineRole.BLANK]
    whole = _build(content, repeated, not_after, 1) if content else None
    return [whole] if whole else []


def _classify(text: str) -> list[Line]:
    lines: list[Line] = []
    position = 0
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        start = position + (len(raw) - len(raw.lstrip()))
        lines.append(Line(start, start + len(content), content, _role(content)))
        position += len(raw)
    return lines


def _role(line: str) -> LineRole:
    if not line:
        return LineRole.BLANK
    bare = BULLET.sub("", line).strip()
    if not bare:
        return LineRole.BLANK
    if WIDGET.match(bare):
        return LineRole.WIDGET
    words = bare.lower().split()
    if len(words) >= MIN_ICON_RUN_WORDS:
        ui = sum(1 for word in words if word in UI_WORDS)
        if ui / len(words) >= ICON_RUN_SHARE:
            return LineRole.ICONS
    if SECTION_LABEL.match(bare):
        return LineRole.LABEL
    if parse_dateline(bare):
        return LineRole.DATELINE
    if len(bare) <= MAX_CAPTION_CHARS and CAPTION_CREDIT.search(bare):
        return LineRole.CAPTION
    return LineRole.BODY


def _repeated_short_lines(lines: list[Line]) -> set[str]:
    counts = Counter(
        line.text for line in lines if line.role is LineRole.BODY and _title_like(line.text)
    )
    return {text for text, count in counts.items() if count > 1}


def _title_like(text: str) -> bool:
    return len(text) <= MAX_TITLE_CHARS and not text.endswith((".", ":", ";", ","))


def _split(lines: list[Line]) -> list[list[Line]]:
    """Spans of lines, cut before each section label (with its caption) and after datelines."""
    content = [line for line in lines if line.role is not LineRole.BLANK]
    cuts = {0}
    for index, line in enumerate(content):
        if line.role is LineRole.LABEL:
            caption = index > 0 and content[index - 1].role is LineRole.CAPTION
            cuts.add(index - 1 if caption else index)
    for index, line in enumerate(content):
        if line.role is LineRole.DATELINE and _closes_piece(content, cuts, index):
            cuts.add(index + 1)
    ordered = sorted(cut for cut in cuts if cut < len(content))
    return [content[a:b] for a, b in zip(ordered, [*ordered[1:], len(content)], strict=True)]


def _closes_piece(content: list[Line], cuts: set[int], index: int) -> bool:
    opened = max(cut for cut in cuts if cut <= index)
    if index - opened < OPENING_LINES:
        return False
    following = [cut for cut in cuts if cut > index]
    stop = min(following) if following else len(content)
    after = sum(len(line.text) for line in content[index + 1 : stop] if line.role is LineRole.BODY)
    return after >= MIN_SEGMENT_CHARS


def _build(
    span: list[Line], repeated: set[str], not_after: dt.date | None, min_chars: int
) -> Segment | None:
    body_chars = sum(len(line.text) for line in span if line.role is LineRole.BODY)
    if body_chars < min_chars:
        return None
    segment = Segment(start=span[0].start, end=span[-1].end, text="")
    paragraphs: list[str] = []
    for position, line in enumerate(span):
        bare = BULLET.sub("", line.text).strip()
        if line.role is LineRole.LABEL and segment.label is None:
            segment.label = bare
        elif line.role is LineRole.CAPTION and segment.caption is None:
            segment.caption = bare
        elif line.role is LineRole.DATELINE:
            _set_dateline(segment, bare)
        elif line.role is LineRole.BODY:
            if segment.title is None and _is_title(span, position):
                segment.title = bare
            elif bare != segment.title and bare not in repeated:
                paragraphs.append(bare)
    segment.text = "\n\n".join(paragraphs)
    _date(segment, not_after)
    return segment if segment.text else None


def _is_title(span: list[Line], position: int) -> bool:
    """A short heading line before any paragraph of the piece."""
    line = span[position]
    if not _title_like(line.text):
        return False
    earlier = span[:position]
    return not any(other.role is LineRole.BODY and not _title_like(other.text) for other in earlier)


def _set_dateline(segment: Segment, line: str) -> None:
    parsed = parse_dateline(line)
    if parsed is None or segment.dateline is not None:
        return
    segment.dateline, (segment.place, segment.published_on) = line, parsed
    segment.date_from = "dateline"


def _date(segment: Segment, not_after: dt.date | None) -> None:
    if segment.published_on is not None:
        return
    if segment.caption:
        dates = [day for _, day in find_dates(segment.caption)]
        if dates:
            segment.published_on, segment.date_from = max(dates), "caption"
            return
    found = latest_date(segment.text, not_after)
    if found is not None:
        segment.published_on, segment.date_from = found, "latest date in text"
