"""Fixtures of the dashboard tests: reuse the API tests' app, accounts and seeded regions."""

from tests.api.conftest import accounts, anonymous, app, seeded

__all__ = ["accounts", "anonymous", "app", "seeded"]
