"""Analyze: events become indicators, derailment signals and risk forecasts by region."""

from sentinelle.analyze.actors import ActorDirectory, ActorInfo
from sentinelle.analyze.backtest import ForecastBacktest, backtest_forecasts
from sentinelle.analyze.forecast import ForecastRun, update_forecasts
from sentinelle.analyze.indicators import IndicatorSummary, pending_dates, update_indicators
from sentinelle.analyze.records import EventRecord, History, load_records, records_from_acled
from sentinelle.analyze.signals import (
    DETECTORS,
    DailySeries,
    DetectionContext,
    Detector,
    DetectorParams,
    ForecastView,
    Signal,
)
from sentinelle.analyze.wording import perpetrator_label

__all__ = [
    "DETECTORS",
    "ActorDirectory",
    "ActorInfo",
    "DailySeries",
    "DetectionContext",
    "Detector",
    "DetectorParams",
    "EventRecord",
    "ForecastBacktest",
    "ForecastRun",
    "ForecastView",
    "History",
    "IndicatorSummary",
    "Signal",
    "backtest_forecasts",
    "load_records",
    "pending_dates",
    "perpetrator_label",
    "records_from_acled",
    "update_forecasts",
    "update_indicators",
]
