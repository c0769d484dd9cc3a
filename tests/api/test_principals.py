"""Credentials remembered for a few seconds: forgotten at once here, seen elsewhere soon."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from fastapi import FastAPI
from sqlalchemy import update

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
