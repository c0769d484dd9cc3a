"""Statuses shared by every stage; each is an Enum stored by its value."""

from __future__ import annotations

import enum


class SourceKind(enum.StrEnum):
    """How a document reached Sentinelle."""

    HTML = "html"
    TEXT = "text"
    PDF = "pdf"
    RSS = "rss"
    ATOM = "atom"
    FIELD_CSV = "field-csv"
    FIELD_JSON = "field-json"
    ACLED_CSV = "acled-csv"


class AttributionStatus(enum.StrEnum):
    """How firmly a perpetrator is established, weakest first; never upgraded by hedges."""

    UNKNOWN = "unknown"
    RUMOURED = "rumoured"
    ALLEGED = "alleged"
    SUSPECTED = "suspected"
    CLAIMED = "claimed"
    CONFIRMED = "confirmed"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 (unknown) to 5 (confirmed)."""
        return list(AttributionStatus).index(self)


class ActorType(enum.IntEnum):
    """ACLED's actor type codes (the ``inter1``/``inter2`` columns)."""

    STATE_FORCES = 1
    REBEL_GROUPS = 2
    POLITICAL_MILITIAS = 3
    IDENTITY_MILITIAS = 4
    RIOTERS = 5
    PROTESTERS = 6
    CIVILIANS = 7
    EXTERNAL_OTHER_FORCES = 8


class TimePrecision(enum.IntEnum):
    """ACLED's ``time_precision``: 1 the day is known, 2 the week, 3 the month or vaguer."""

    DAY = 1
    WEEK = 2
    MONTH = 3


class GeoPrecision(enum.IntEnum):
    """ACLED's ``geo_precision``: 1 exact place, 2 near or part of a region, 3 region only."""

    EXACT = 1
    NEAR = 2
    REGION = 3


class AlertSeverity(enum.StrEnum):
    """How urgent an alert is; deadlines to acknowledge and act depend on it."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"

    @property
    def rank(self) -> int:
        """Position on the scale, 0 (low) to 3 (critical)."""
        return list(AlertSeverity).index(self)


class AlertState(enum.StrEnum):
    """Where an alert stands in its lifecycle (the transitions live in ``alerts``)."""

    RAISED = "raised"
    VERIFYING = "verifying"
    VERIFIED = "verified"
    DISCARDED = "discarded"
    MONITORING = "monitoring"
    ASSESSED = "assessed"
    RESPONDING = "responding"
    RESOLVED = "resolved"

    @property
    def is_open(self) -> bool:
        """True until the alert is resolved or discarded."""
        return self not in (AlertState.RESOLVED, AlertState.DISCARDED)


class RiskLevel(enum.StrEnum):
    """The assessed risk of a verified alert, on WHO EWARS's four-level scale."""

    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"
    VERY_HIGH = "very_high"
