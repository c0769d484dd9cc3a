"""Alerts: rules raise alerts from signals; responders verify, assess and act on them."""

from sentinelle.alerts.clock import Clock, FakeClock, SystemClock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.deadlines import Stage
from sentinelle.alerts.engine_run import AnalysisOptions, AnalysisReport, run_analysis
from sentinelle.alerts.lifecycle import Action, allowed_actions, next_state
from sentinelle.alerts.raising import AlertDraft, find_open_alert, raise_alert
from sentinelle.alerts.responders import list_responders
from sentinelle.alerts.scheduler import TickReport, tick
from sentinelle.alerts.workflow import Change, assign, perform

__all__ = [
    "Action",
    "AlertDraft",
    "AnalysisOptions",
    "AnalysisReport",
    "Change",
    "Clock",
    "FakeClock",
    "ResponseConfig",
    "Stage",
    "SystemClock",
    "TickReport",
    "allowed_actions",
    "assign",
    "find_open_alert",
    "list_responders",
    "next_state",
    "perform",
    "raise_alert",
    "run_analysis",
    "tick",
]
