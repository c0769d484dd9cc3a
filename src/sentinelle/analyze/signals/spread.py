"""Spread: violence reaching a region that had been quiet, such as an attack in the capital.

A region fires when it has violent events in the last ``window_days`` days and none in the
``quiet_days`` before the first of them (a region never hit before counts as quiet).
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field

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


class SpreadParams(DetectorParams):
    """How long a region must have been quiet, and how recent the new violence is."""

    quiet_days: int = Field(90, gt=0, description="Days without violence before it counts.")
    window_days: int = Field(7, gt=0, description="How recent the new violence must be.")
    min_events: int = Field(1, gt=0, description="Violent events needed in the window.")


class SpreadDetector(Detector):
    """Violence in a region quiet for ``quiet_days`` (the HDX 'new area' idea)."""

    name: ClassVar[str] = "spread"
    params_model: ClassVar[type[DetectorParams]] = SpreadParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, SpreadParams):
            raise TypeError("spread expects SpreadParams")
        recent = [r for r in context.recent(params.window_days) if r.violent]
        signals = []
        for region, events in sorted(group_by_region(recent).items()):
            first = min(event.date for event in events)
            before = first - dt.timedelta(days=1)
            quiet_from = first - dt.timedelta(days=params.quiet_days)
            if len(events) < params.min_events or context.series.events(region, quiet_from, before):
                continue
            last_seen = context.series.last_day(region, before)
            quiet = (first - last_seen).days if last_seen else None
            since = f"for {quiet} days" if quiet else "in the record before"
            summary = (
                f"{plural(len(events), 'violent event')} in {region[1]} ({region[0]}) from "
                f"{first.isoformat()}{killed(events)}, after no violence {since}; "
                f"{perpetrators_summary(events)}."
            )
            signals.append(
                Signal(
                    detector=self.name,
                    country=region[0],
                    admin1=region[1],
                    window_start=first,
                    window_end=context.as_of,
                    score=float(quiet if quiet else params.quiet_days * 4),
                    summary=summary,
                    event_ids=tuple(event.id for event in events),
                    facts={"quiet_days": quiet, "events": len(events)},
                )
            )
        return signals
