"""A synchronous client for the ASGI app in-process (httpx.ASGITransport), and test users."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
from fastapi import FastAPI

from sentinelle.api import Role, issue_token
from sentinelle.api.auth import hash_password
from sentinelle.api.regions import normalise_regions
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.models import User
from sentinelle.web import create_app

PASSWORD = "correct horse battery staple"
# A fixed test key (32 bytes): tests must be reproducible; real deployments set their own.
TEST_REPORTER_KEY = base64.b64encode(bytes(range(32))).decode()
# Each scoped role is tied to one region so region scoping can be checked.
ROLE_REGIONS = {Role.LOCAL_AUTHORITY: ["Kidal"], Role.RESPONDER: ["Mopti"]}


class ApiClient:
    """httpx over ASGITransport, driven synchronously on a private event loop."""

    def __init__(self, app: FastAPI, token: str | None = None) -> None:
        self._loop = asyncio.new_event_loop()
        headers = {"authorization": f"Bearer {token}"} if token else {}
        self._client = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app, client=("127.0.0.1", 50000)),
            base_url="http://testserver",
            headers=headers,
            follow_redirects=False,
        )

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        """Send one request and read the whole response."""
        return self._loop.run_until_complete(self._client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        """GET ``url``."""
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        """POST to ``url``."""
        return self.request("POST", url, **kwargs)

    @property
    def cookies(self) -> httpx.Cookies:
        """The client's cookie jar."""
        return self._client.cookies

    def close(self) -> None:
        """Close the client and its loop."""
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


def make_settings(database: Database, **overrides: Any) -> Settings:
    """Settings for a test app on ``database``."""
    return Settings(database_url=database.url, reporter_key=TEST_REPORTER_KEY, **overrides)


def make_app(database: Database, **overrides: Any) -> FastAPI:
    """The whole web app (API + dashboard) on the test database."""
    return create_app(make_settings(database, **overrides), database=database)


@cache
def password_hash() -> str:
    """The argon2id hash of PASSWORD, computed once (hashing is slow on purpose)."""
    return hash_password(PASSWORD)


@dataclass
class Account:
    """A test user and a read/write API token of theirs."""

    username: str
    role: Role
    token: str
    user_id: int


def add_account(database: Database, role: Role, name: str | None = None) -> Account:
    """Create a user of ``role`` (regions for scoped roles) with a read/write token."""
    username = name or f"{role.value}-user"
    with database.session() as session:
        user = User(username=username, password_hash=password_hash(), role=role.value)
        user.regions = normalise_regions(ROLE_REGIONS.get(role, []))
        session.add(user)
        session.flush()
        _row, secret = issue_token(session, user, "tests", ["read", "write"], actor="test")
        return Account(username, role, secret, user.id)


@contextmanager
def client_for(app: FastAPI, account: Account | None = None) -> Iterator[ApiClient]:
    """A client authenticated with ``account``'s token (anonymous when None)."""
    client = ApiClient(app, account.token if account else None)
    try:
        yield client
    finally:
        client.close()


def login(client: ApiClient, username: str) -> str:
    """Log in with a session cookie; returns the CSRF token."""
    response = client.post("/api/v1/auth/login", json={"username": username, "password": PASSWORD})
    response.raise_for_status()
    csrf: str = response.json()["csrf_token"]
    return csrf
