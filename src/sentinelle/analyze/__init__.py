"""Analyze: events become indicators, derailment signals and risk forecasts by region."""

__all__: list[str] = []
