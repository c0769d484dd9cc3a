"""Alerts: rules raise alerts from signals; responders verify, assess and act on them."""

from sentinelle.alerts.clock import Clock, FakeClock, SystemClock
from sentinelle.alerts.config import ResponseConfig
from sentinelle.alerts.lifecycle import Action, allowed_actions, next_state
from sentinelle.alerts.raising import AlertDraft, find_open_alert, raise_alert
from sentinelle.alerts.scheduler import TickReport, tick
from sentinelle.alerts.workflow import Change, assign, perform

__all__ = [
    "Action",
    "AlertDraft",
    "Change",
    "Clock",
    "FakeClock",
    "ResponseConfig",
    "SystemClock",
    "TickReport",
    "allowed_actions",
    "assign",
    "find_open_alert",
    "next_state",
    "perform",
    "raise_alert",
    "tick",
]
