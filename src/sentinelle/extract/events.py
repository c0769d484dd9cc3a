"""The extracted event record: ACLED's columns plus Sentinelle's own, with field evidence."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

# The fields of an event line in `extract --jsonl` output, in ACLED's column order.
EVENT_FIELDS = (
    "event_date",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "country",
    "admin1",
    "admin2",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "place_inferred",
    "fatalities",
    "injured",
    "hostages",
    "attribution_status",
    "confidence",
    "admin1_pcode",
    "admin2_pcode",
    "fatalities_min",
    "fatalities_max",
    "producer",
    "evidence",
)


@dataclass(frozen=True)
class Evidence:
    """Where a field's value came from: the sentence, the span in it, and the words."""

    field: str
    sentence: str
    start: int
    end: int
    text: str
    source: str | None = None


@dataclass
class ExtractedEvent:
    """One event coded from text, fields named as ACLED's columns.

    ``fatalities``, ``injured`` and ``hostages`` are None when no figure was given;
    ``attributions`` lists every perpetrator the text names with the status it supports.
    """

    event_date: dt.date
    time_precision: int
    disorder_type: str
    event_type: str
    sub_event_type: str
    actor1: str | None = None
    assoc_actor_1: str | None = None
    inter1: int | None = None
    actor2: str | None = None
    assoc_actor_2: str | None = None
    inter2: int | None = None
    country: str | None = None
    admin1: str | None = None
    admin2: str | None = None
    location: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    geo_precision: int | None = None
    fatalities: int | None = None
    injured: int | None = None
    hostages: int | None = None
    attribution_status: str = "unknown"
    confidence: float = 0.0
    admin1_pcode: str | None = None
    admin2_pcode: str | None = None
    place_id: str | None = None
    # Placed by where the report speaks of, not by where it says the event was.
    place_inferred: bool = False
    fatalities_min: int | None = None
    fatalities_max: int | None = None
    producer: str = ""
    date_is_fallback: bool = False
    attributions: list[dict[str, Any]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def interaction(self) -> int | None:
        """ACLED's interaction code: the two actor types, lower first (e.g. 17)."""
        if self.inter1 is None:
            return None
        codes = sorted(c for c in (self.inter1, self.inter2 or 0) if c is not None)
        return codes[0] * 10 + codes[1] if codes[0] else codes[1] * 10

    @property
    def year(self) -> int:
        """The event's year (an ACLED column)."""
        return self.event_date.year

    def to_record(self) -> dict[str, Any]:
        """A JSON-ready mapping with the `extract --jsonl` field names."""
        record: dict[str, Any] = {}
        for name in EVENT_FIELDS:
            if name == "evidence":
                record[name] = {
                    "fields": [asdict(e) for e in self.evidence],
                    "attributions": self.attributions,
                    "sources": self.sources,
                }
            elif name == "event_date":
                record[name] = self.event_date.isoformat()
            elif name == "interaction":
                record[name] = self.interaction
            else:
                record[name] = getattr(self, name)
        return record
