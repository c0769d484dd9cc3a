"""OCHA HDX Signals' published rule, as a baseline: 30-day fatalities >= 100 at a 1-year high.

A region fires when fatalities of the last ``window_days`` reach ``min_fatalities`` and
exceed every earlier ``window_days`` total of the ``lookback_days`` before.
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
)
from sentinelle.analyze.wording import perpetrators_summary


class HdxParams(DetectorParams):
    """The HDX Signals thresholds (their defaults are the published rule)."""

    window_days: int = Field(30, gt=0, description="Length of the fatality window.")
    min_fatalities: int = Field(100, gt=0, description="Fatalities the window must reach.")
    lookback_days: int = Field(365, gt=0, description="How far back the high is measured.")


class HdxSignalsDetector(Detector):
    """30-day fatalities >= 100 and the highest 30-day total of the past year."""

    name: ClassVar[str] = "hdx_signals"
    params_model: ClassVar[type[DetectorParams]] = HdxParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, HdxParams):
            raise TypeError("hdx_signals expects HdxParams")
        window = dt.timedelta(days=params.window_days - 1)
        start = context.as_of - window
        recent = [r for r in context.recent(params.window_days) if r.violent]
        signals = []
        for region, events in sorted(group_by_region(recent).items()):
            total = context.series.fatalities(region, start, context.as_of)
            if total < params.min_fatalities:
                continue
            previous = _previous_high(context, region, params)
            if total <= previous:
                continue
            summary = (
                f"{total} fatalities in {region[1]} ({region[0]}) in {params.window_days} days "
                f"to {context.as_of.isoformat()}, above the past year's highest "
                f"{params.window_days}-day total ({previous}); {perpetrators_summary(events)}."
            )
            signals.append(
                Signal(
                    detector=self.name,
                    country=region[0],
                    admin1=region[1],
                    window_start=start,
                    window_end=context.as_of,
                    score=float(total),
                    summary=summary,
                    event_ids=tuple(e.id for e in events if e.fatalities),
                    facts={"fatalities": total, "previous_high": previous},
                )
            )
        return signals


def _previous_high(context: DetectionContext, region: tuple[str, str], params: HdxParams) -> int:
    """Highest window total ending on any day of the lookback before this window."""
    ends = [
        context.as_of - dt.timedelta(days=offset)
        for offset in range(params.window_days, params.lookback_days + 1)
    ]
    if not ends:
        return 0
    return int(context.series.fatalities_windows(region, ends, params.window_days).max())
