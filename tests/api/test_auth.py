"""Sessions with CSRF, scoped and revocable tokens, login rate limiting, argon2id at rest."""

from __future__ import annotations

from fastapi import FastAPI
from sqlalchemy import select

from sentinelle.api import Role
from sentinelle.store import Database
from sentinelle.store.models import ApiToken, User
from tests.api.client import PASSWORD, Account, ApiClient, add_account, client_for, login


def test_a_session_needs_its_csrf_token_on_unsafe_requests(
    app: FastAPI, accounts: dict[Role, Account], anonymous: ApiClient
) -> None:
    csrf = login(anonymous, accounts[Role.ANALYST].username)
    body = {"text": "Calm day in Gao."}
    refused = anonymous.post("/api/v1/documents", json=body)
    forged = anonymous.post("/api/v1/documents", json=body, headers={"x-csrf-token": "x" * 43})
    accepted = anonymous.post("/api/v1/documents", json=body, headers={"x-csrf-token": csrf})
    assert (refused.status_code, forged.status_code, accepted.status_code) == (403, 403, 201)
    assert refused.json()["error"]["code"] == "csrf"


def test_the_session_cookie_is_httponly_and_samesite(
    accounts: dict[Role, Account], anonymous: ApiClient
) -> None:
    response = anonymous.post(
        "/api/v1/auth/login",
        json={"username": accounts[Role.ANALYST].username, "password": PASSWORD},
    )
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie


def test_the_cookie_is_secure_and_hsts_sent_over_tls(db: Database) -> None:
    from tests.api.client import make_app

    account = add_account(db, Role.ANALYST)
    client = ApiClient(make_app(db, tls=True))
    try:
        response = client.post(
            "/api/v1/auth/login", json={"username": account.username, "password": PASSWORD}
        )
        assert "secure" in response.headers["set-cookie"].lower()
        assert "max-age=" in response.headers["strict-transport-security"]
    finally:
        client.close()


def test_logout_ends_the_session(accounts: dict[Role, Account], anonymous: ApiClient) -> None:
    csrf = login(anonymous, accounts[Role.ANALYST].username)
    assert anonymous.get("/api/v1/auth/me").status_code == 200
    anonymous.post("/api/v1/auth/logout", headers={"x-csrf-token": csrf})
    assert anonymous.get("/api/v1/auth/me").status_code == 401


def test_a_read_token_cannot_write(app: FastAPI, db: Database) -> None:
    account = add_account(db, Role.ANALYST)
    with client_for(app, account) as client:
        secret = client.post("/api/v1/tokens", json={"name": "ro", "scopes": ["read"]}).json()
    reader = ApiClient(app, secret["secret"])
    try:
        assert reader.get("/api/v1/events").status_code == 200
        refused = reader.post("/api/v1/documents", json={"text": "x"})
        assert refused.status_code == 403
    finally:
        reader.close()


def test_a_revoked_token_no_longer_authenticates(app: FastAPI, db: Database) -> None:
    account = add_account(db, Role.ANALYST)
    with client_for(app, account) as client:
        created = client.post("/api/v1/tokens", json={"name": "tmp", "scopes": ["read"]}).json()
        other = ApiClient(app, created["secret"])
        assert other.get("/api/v1/auth/me").status_code == 200
        assert client.request("DELETE", f"/api/v1/tokens/{created['id']}").status_code == 204
        assert other.get("/api/v1/auth/me").status_code == 401
        other.close()


def test_tokens_and_passwords_are_not_stored_in_clear(app: FastAPI, db: Database) -> None:
    account = add_account(db, Role.ANALYST)
    with db.session() as session:
        hashes = list(session.scalars(select(ApiToken.token_hash)))
        password_hash = session.scalars(select(User.password_hash)).one()
    assert account.token not in hashes and len(hashes[0]) == 64
    assert password_hash.startswith("$argon2id$") and PASSWORD not in password_hash


def test_ten_failures_then_429_per_account_without_permanent_lockout(
    db: Database, anonymous: ApiClient
) -> None:
    account = add_account(db, Role.ANALYST)
    wrong = {"username": account.username, "password": "wrong password!"}
    statuses = [anonymous.post("/api/v1/auth/login", json=wrong).status_code for _ in range(10)]
    blocked = anonymous.post(
        "/api/v1/auth/login", json={"username": account.username, "password": PASSWORD}
    )
    assert statuses == [401] * 10
    assert blocked.status_code == 429 and blocked.headers["retry-after"] == "900"
    _age_attempts(db, minutes=16)
    again = anonymous.post(
        "/api/v1/auth/login", json={"username": account.username, "password": PASSWORD}
    )
    assert again.status_code == 200


def _age_attempts(db: Database, minutes: int) -> None:
    import datetime as dt

    from sentinelle.store.models import LoginAttempt

    with db.session() as session:
        for attempt in session.scalars(select(LoginAttempt)):
            attempt.at = attempt.at - dt.timedelta(minutes=minutes)


def test_a_disabled_user_loses_sessions_and_tokens(app: FastAPI, db: Database) -> None:
    from sentinelle.api import disable_user, find_user

    account = add_account(db, Role.ANALYST)
    with client_for(app, account) as client:
        assert client.get("/api/v1/auth/me").status_code == 200
        with db.session() as session:
            disable_user(session, find_user(session, account.username), actor="test")
        assert client.get("/api/v1/auth/me").status_code == 401


def test_no_account_exists_until_one_is_created(db: Database, anonymous: ApiClient) -> None:
    with db.session() as session:
        assert session.scalars(select(User)).all() == []
    for username in ("admin", "root", "sentinelle", "demo"):
        response = anonymous.post(
            "/api/v1/auth/login", json={"username": username, "password": "admin"}
        )
        assert response.status_code == 401
