"""Credentials remembered for a few seconds: forgotten at once here, seen elsewhere soon."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import Engine, event, update

from sentinelle.api import Role, principals
from sentinelle.api.auth import Principal
from sentinelle.store import Database
from sentinelle.store.models import ApiToken
from tests.api.client import add_account, client_for

ANALYST = Principal(1, "amina", Role.ANALYST, (), "token")


def test_a_revocation_by_another_process_is_seen_within_the_ttl(
    app: FastAPI, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(principals, "PRINCIPAL_TTL_S", 0.3)
    account = add_account(db, Role.ANALYST)
    with client_for(app, account) as client:
        assert client.get("/api/v1/auth/me").status_code == 200
        with db.session() as session:  # as the CLI would, from another process
            session.execute(update(ApiToken).values(revoked_at=dt.datetime.now(dt.UTC)))
        time.sleep(0.35)
        assert client.get("/api/v1/auth/me").status_code == 401


def test_a_credential_is_not_remembered_past_its_expiry() -> None:
    lapsed = dt.datetime.now(dt.UTC) - dt.timedelta(seconds=1)
    principals.remember("sqlite:///x.db", "lapsed", ANALYST, lapsed)
    assert principals.recall("sqlite:///x.db", "lapsed") is None


def test_disabling_a_user_forgets_every_credential_of_theirs() -> None:
    principals.remember("sqlite:///x.db", "token", ANALYST, None)
    principals.remember("sqlite:///x.db", "cookie", ANALYST, None)
    principals.forget_user(ANALYST.user_id)
    assert principals.recall("sqlite:///x.db", "token") is None
    assert principals.recall("sqlite:///x.db", "cookie") is None


async def _get_concurrently(app: FastAPI, tokens: list[str], path: str) -> list[httpx.Response]:
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        requests = [client.get(path, headers={"authorization": f"Bearer {t}"}) for t in tokens]
        return await asyncio.gather(*requests)


def test_concurrent_requests_with_one_unseen_token_share_one_lookup(
    app: FastAPI, db: Database
) -> None:
    account = add_account(db, Role.ANALYST)
    lookups: list[str] = []

    def count(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if "api_tokens" in statement:
            lookups.append(statement)

    event.listen(Engine, "before_cursor_execute", count)
    try:
        answers = asyncio.run(_get_concurrently(app, [account.token] * 20, "/api/v1/auth/me"))
    finally:
        event.remove(Engine, "before_cursor_execute", count)
    assert [answer.status_code for answer in answers] == [200] * 20
    assert len(lookups) == 1


def test_concurrent_callers_each_get_their_own_principal(app: FastAPI, db: Database) -> None:
    accounts = [add_account(db, role, f"user-{role.value}") for role in (Role.ANALYST, Role.DONOR)]
    tokens = [account.token for account in accounts] * 10
    answers = asyncio.run(_get_concurrently(app, tokens, "/api/v1/auth/me"))
    names = [answer.json()["username"] for answer in answers]
    assert names == [account.username for account in accounts] * 10


def test_a_token_revoked_here_is_refused_by_every_request_that_follows(
    app: FastAPI, db: Database
) -> None:
    account = add_account(db, Role.ANALYST)
    with client_for(app, account) as client:
        created = client.post("/api/v1/tokens", json={"name": "tmp", "scopes": ["read"]}).json()
        before = asyncio.run(_get_concurrently(app, [created["secret"]] * 5, "/api/v1/events"))
        assert client.request("DELETE", f"/api/v1/tokens/{created['id']}").status_code == 204
    after = asyncio.run(_get_concurrently(app, [created["secret"]] * 5, "/api/v1/events"))
    assert [answer.status_code for answer in before] == [200] * 5
    assert [answer.status_code for answer in after] == [401] * 5
