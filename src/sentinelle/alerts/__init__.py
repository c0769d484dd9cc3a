"""Alerts: rules raise alerts from signals; responders verify, assess and act on them."""

__all__: list[str] = []
