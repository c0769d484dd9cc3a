"""Extract: documents become coded events (type, actors, place, date, counts, attribution)."""

__all__: list[str] = []
