"""Accord: the agreement's provisions and commitments, and their implementation over time."""

__all__: list[str] = []
