"""Ingest: reports of every shape become clean, dated, deduplicated documents."""

__all__: list[str] = []
