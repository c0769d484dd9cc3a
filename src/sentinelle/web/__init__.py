"""Web: the dashboard pages (map, timeline, alert queue), each with a JSON twin."""

from sentinelle.web.app import create_app

__all__ = ["create_app"]
