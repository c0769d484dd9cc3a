"""Derailment signals: one documented, configurable detector per module, found by name."""

from sentinelle.analyze.signals.base import (
    DailySeries,
    DetectionContext,
    Detector,
    DetectorParams,
    ForecastView,
    Signal,
)
from sentinelle.analyze.signals.ceasefire import CeasefireViolationDetector
from sentinelle.analyze.signals.forecast_risk import ForecastRiskDetector
from sentinelle.analyze.signals.hdx import HdxSignalsDetector
from sentinelle.analyze.signals.intercommunal import IntercommunalDetector
from sentinelle.analyze.signals.peacekeepers import PeacekeeperAttacksDetector
from sentinelle.analyze.signals.spoiler import SpoilerReactionDetector
from sentinelle.analyze.signals.spread import SpreadDetector
from sentinelle.analyze.signals.surge import SurgeDetector

DETECTORS: dict[str, Detector] = {
    detector.name: detector
    for detector in (
        CeasefireViolationDetector(),
        PeacekeeperAttacksDetector(),
        SpoilerReactionDetector(),
        IntercommunalDetector(),
        SpreadDetector(),
        SurgeDetector(),
        HdxSignalsDetector(),
        ForecastRiskDetector(),
    )
}

__all__ = [
    "DETECTORS",
    "DailySeries",
    "DetectionContext",
    "Detector",
    "DetectorParams",
    "ForecastView",
    "Signal",
]
