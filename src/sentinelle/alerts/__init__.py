"""Alerts: rules raise alerts from signals; responders verify, assess and act on them."""

from sentinelle.alerts.raising import AlertDraft, find_open_alert, raise_alert

__all__ = ["AlertDraft", "find_open_alert", "raise_alert"]
