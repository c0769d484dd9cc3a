"""Forecast risk: a region whose forecast probability of a fatal event is high.

Reads the latest forecast per region and horizon (``analyze.forecast``); the evidence is
the region's violent events of the last 28 days, the features the model leaned on.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import Field

from sentinelle.analyze.signals.base import (
    DetectionContext,
    Detector,
    DetectorParams,
    Signal,
)

EVIDENCE_DAYS = 28  # the model's shortest lag window; its recent events are the evidence


class ForecastRiskParams(DetectorParams):
    """Horizon and thresholds on the forecast."""

    horizon: Literal["week", "month"] = Field("week", description="Forecast horizon read.")
    min_probability: float = Field(
        0.8, ge=0, le=1, description="Least P(at least one fatal event) that fires."
    )
    min_expected_fatalities: float = Field(
        0.0, ge=0, description="Least expected fatalities that fires."
    )


class ForecastRiskDetector(Detector):
    """High forecast probability of at least one fatal event next week or month."""

    name: ClassVar[str] = "forecast_risk"
    params_model: ClassVar[type[DetectorParams]] = ForecastRiskParams

    def detect(self, context: DetectionContext, params: DetectorParams) -> list[Signal]:
        if not isinstance(params, ForecastRiskParams):
            raise TypeError("forecast_risk expects ForecastRiskParams")
        recent = [r for r in context.recent(EVIDENCE_DAYS) if r.violent]
        signals = []
        for (region, horizon), view in sorted(context.forecasts.items()):
            if horizon != params.horizon or view.p_fatal < params.min_probability:
                continue
            if view.expected_fatalities < params.min_expected_fatalities:
                continue
            summary = (
                f"The forecast model {view.model} gives {region[1]} ({region[0]}) a "
                f"{view.p_fatal:.0%} probability of at least one fatal event from "
                f"{view.target_start.isoformat()} to {view.target_end.isoformat()}, with "
                f"{view.expected_events:.1f} violent events expected (80% interval "
                f"{view.events_low:.0f} to {view.events_high:.0f}) and "
                f"{view.expected_fatalities:.1f} fatalities."
            )
            signals.append(
                Signal(
                    detector=self.name,
                    country=region[0],
                    admin1=region[1],
                    window_start=view.target_start,
                    window_end=view.target_end,
                    score=view.p_fatal,
                    summary=summary,
                    event_ids=tuple(r.id for r in recent if r.region == region),
                    subject=horizon,
                    facts={"p_fatal": view.p_fatal, "expected_events": view.expected_events},
                )
            )
        return signals
