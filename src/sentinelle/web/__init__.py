"""Web: the dashboard pages (map, timeline, alert queue), each with a JSON twin."""

__all__: list[str] = []
