"""Fixtures of the API tests: the app on a fresh store, one account per role, seeded regions."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from sentinelle.api import Role
from sentinelle.store import Database
from tests.api.client import Account, ApiClient, add_account, make_app
from tests.api.seeding import Seeded, seed_regions


@pytest.fixture
def app(db: Database) -> FastAPI:
    """The whole web app on the test database."""
    return make_app(db)


@pytest.fixture
def accounts(db: Database) -> dict[Role, Account]:
    """One account (with a read/write token) per role."""
    return {role: add_account(db, role) for role in Role}


@pytest.fixture
def seeded(db: Database) -> Seeded:
    """An event, a document and an alert in each of Bamako, Mopti and Kidal."""
    return seed_regions(db)


@pytest.fixture
def anonymous(app: FastAPI) -> Iterator[ApiClient]:
    """A client without credentials."""
    client = ApiClient(app)
    yield client
    client.close()
