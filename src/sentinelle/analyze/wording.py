"""Plain wording of who did what, never naming a perpetrator the evidence does not establish.

A perpetrator is named only when its attribution is at least ``claimed`` AND two or more
independent sources claim or confirm it (a second report that only tells of the event does
not count); otherwise the text says "unidentified" or "alleged (1 source)".
"""

from __future__ import annotations

from collections.abc import Sequence

from sentinelle.analyze.records import EventRecord
from sentinelle.store.enums import AttributionStatus

# The weakest attribution under which an actor may be named in an alert.
NAMEABLE_FROM = AttributionStatus.CLAIMED
# Fewest independent sources for naming: a single source is an allegation, not a finding.
MIN_SOURCES_TO_NAME = 2
_NAMEABLE = frozenset(s for s in AttributionStatus if s.rank >= NAMEABLE_FROM.rank)


def is_established(record: EventRecord) -> bool:
    """True when actor1 may be named as the perpetrator of ``record``."""
    return (
        not record.perpetrator_unknown
        and record.attribution in _NAMEABLE
        and record.establishing_sources >= MIN_SOURCES_TO_NAME
    )


def perpetrator_label(record: EventRecord) -> str:
    """The perpetrator as an alert may say it: a name, "unidentified" or "alleged (N source)"."""
    if record.perpetrator_unknown or record.attribution is AttributionStatus.RUMOURED:
        return "unidentified"
    if is_established(record):
        return _short(record.actor1 or "")
    # The sources that name it firmly, if any; else every source of the event.
    count = record.establishing_sources or record.sources
    noun = "source" if count == 1 else "sources"
    return f"alleged ({count} {noun})"


def parties_label(record: EventRecord) -> str:
    """Both parties to a clash, named only under the perpetrator rule."""
    if is_established(record) and record.actor1 and record.actor2:
        return f"{_short(record.actor1)} and {_short(record.actor2)}"
    return "not named, " + perpetrator_label(record)


def perpetrators_summary(records: Sequence[EventRecord]) -> str:
    """Who was behind a set of events, e.g. "perpetrators: unidentified, 3 events; X, 1 event"."""
    counts: dict[str, int] = {}
    for record in records:
        label = perpetrator_label(record)
        counts[label] = counts.get(label, 0) + 1
    parts = [
        f"{label}, {count} event{'s' if count > 1 else ''}"
        for label, count in sorted(counts.items(), key=_by_count)
    ]
    return "perpetrators: " + "; ".join(parts) if parts else "no perpetrator recorded"


def _by_count(item: tuple[str, int]) -> tuple[int, str]:
    return (-item[1], item[0])


def _short(name: str) -> str:
    """ACLED's "CMA: Coordination of ..." shortened to its acronym."""
    head = name.split(":", 1)[0].strip()
    return head if ":" in name and head else name
