"""Attacks on peacekeepers: violence targeting MINUSMA or other international forces.

Counts violent events whose target (ACLED's actor2) is an international force and whose
perpetrator is not, in the last ``window_days``, with the trend against the mean of the
``trend_windows`` windows before.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

from sentinelle.analyze.actors import is_international_force
from sentinelle.analyze.records import EventRecord
from sentinelle.analyze.signals.base import (
    DetectionContext,
    Detector,
    DetectorParams,
    Signal,
    group_by_region,
    killed,
    plural,
)
from sentinelle.analyze.wording import perpetrators_summary


class PeacekeeperParams(DetectorParams):
    """Window, trend reference and least count."""

    window_days: int = Field(30, gt=0, description="Length of the counting window.")
    trend_windows: int = Field(3, gt=0, description="Earlier windows the trend compares to.")
    min_events: int = Field(1, gt=0, description="Attacks needed in the window.")


def targets_peacekeepers(record: EventRecord) -> bool:
    """True when violence is directed at an international force by someone else."""
    return (
        record.violent
        and is_international_force(record.actor2)
        and not is_international_force(record.actor1)
    )


class PeacekeeperAttacksDetector(Detector):
    """Attacks on MINUSMA and international forces per region, with their trend."""

    name: ClassVar[str] = "peacekeeper_attacks"
    params_model: ClassVar[type[DetectorParams]] = PeacekeeperParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, PeacekeeperParams):
            raise TypeError("peacekeeper_attacks expects PeacekeeperParams")
        window = params.window_days
        attacks = [r for r in context.recent(window) if targets_peacekeepers(r)]
        start = context.as_of - dt.timedelta(days=window - 1)
        earlier = context.history.between(
            start - dt.timedelta(days=window * params.trend_windows), start - dt.timedelta(days=1)
        )
        signals = []
        for region, events in sorted(group_by_region(attacks).items()):
            if len(events) < params.min_events:
                continue
            before = sum(1 for r in earlier if r.region == region and targets_peacekeepers(r))
            mean = before / params.trend_windows
            trend = "rising" if len(events) > mean else "steady or falling"
            summary = (
                f"{plural(len(events), 'attack')} on peacekeepers or international forces in "
                f"{region[1]} ({region[0]}) in {window} days to {context.as_of.isoformat()}"
                f"{killed(events)}, against {mean:.1f} per {window} days before ({trend}); "
                f"{perpetrators_summary(events)}."
            )
            signals.append(
                Signal.counting(
                    self.name,
                    region,
                    events,
                    context.as_of,
                    summary,
                    {"attacks": len(events), "previous_mean": mean, "trend": trend},
                )
            )
        return signals
