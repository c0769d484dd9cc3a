"""Deadlines per severity: by when an alert must be acknowledged, verified, assessed, answered.

Each deadline counts from the moment the alert was raised. A stage is overdue when the alert
has not yet left it at its deadline; escalation steps then follow one acknowledgement period
apart (the shortest deadline of the severity: the pace the contact group promised).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sentinelle.errors import ConfigError
from sentinelle.store import AlertSeverity, AlertState


class Stage(enum.StrEnum):
    """A milestone an alert must reach by its deadline."""

    ACKNOWLEDGE = "acknowledge"
    VERIFY = "verify"
    ASSESS = "assess"
    RESPOND = "respond"


# The stage an alert in each state is working towards; None = no deadline runs (closed, or
# verified as needing no action yet).
STAGE_OF_STATE: Mapping[AlertState, Stage | None] = {
    AlertState.RAISED: Stage.ACKNOWLEDGE,
    AlertState.VERIFYING: Stage.VERIFY,
    AlertState.VERIFIED: Stage.ASSESS,
    AlertState.ASSESSED: Stage.RESPOND,
    AlertState.MONITORING: None,
    AlertState.RESPONDING: None,
    AlertState.RESOLVED: None,
    AlertState.DISCARDED: None,
}

# Hours to acknowledge / verify / assess / respond; the example for high severity,
# halved for critical, and stretched for the lower severities.
DEFAULT_HOURS: Mapping[AlertSeverity, tuple[float, float, float, float]] = {
    AlertSeverity.CRITICAL: (0.5, 12, 24, 48),
    AlertSeverity.HIGH: (1, 24, 48, 72),
    AlertSeverity.MEDIUM: (4, 48, 96, 168),
    AlertSeverity.LOW: (24, 168, 336, 720),
}


@dataclass(frozen=True)
class Deadlines:
    """Time allowed per stage, measured from raising, for one severity."""

    acknowledge: dt.timedelta
    verify: dt.timedelta
    assess: dt.timedelta
    respond: dt.timedelta

    def allowed(self, stage: Stage) -> dt.timedelta:
        """The time allowed to reach ``stage``."""
        return {
            Stage.ACKNOWLEDGE: self.acknowledge,
            Stage.VERIFY: self.verify,
            Stage.ASSESS: self.assess,
            Stage.RESPOND: self.respond,
        }[stage]

    @property
    def step(self) -> dt.timedelta:
        """Time between two escalation steps of one overdue stage."""
        return self.acknowledge

    @classmethod
    def from_hours(cls, hours: Sequence[float]) -> Deadlines:
        """Four hours figures, in stage order; they must be positive and not decreasing."""
        if len(hours) != len(Stage) or any(h <= 0 for h in hours):
            raise ConfigError(f"alert deadlines need 4 positive hour figures, got {list(hours)}")
        if list(hours) != sorted(hours):
            raise ConfigError(f"alert deadlines must not decrease stage by stage: {list(hours)}")
        a, v, s, r = (dt.timedelta(hours=h) for h in hours)
        return cls(a, v, s, r)


class DeadlinePolicy:
    """Deadlines for every severity, from the settings with the defaults filling gaps."""

    def __init__(self, hours: Mapping[str, Sequence[float]] | None = None) -> None:
        merged = {severity.value: DEFAULT_HOURS[severity] for severity in AlertSeverity}
        for name, figures in (hours or {}).items():
            if name not in merged:
                raise ConfigError(f"alert_deadlines: unknown severity {name!r}")
            merged[name] = tuple(figures)  # type: ignore[assignment]
        self._by_severity = {
            AlertSeverity(name): Deadlines.from_hours(figures) for name, figures in merged.items()
        }

    def for_severity(self, severity: AlertSeverity) -> Deadlines:
        """The deadlines of ``severity``."""
        return self._by_severity[severity]

    def due_at(self, severity: AlertSeverity, raised_at: dt.datetime, stage: Stage) -> dt.datetime:
        """When ``stage`` falls due for an alert of ``severity`` raised at ``raised_at``."""
        return raised_at + self.for_severity(severity).allowed(stage)
