"""Reporter identities: encrypted at rest, shown only to verifiers and admins, never leaked."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from sentinelle.api import IdentityVault, Role
from sentinelle.api.app import named_routes
from sentinelle.api.roles import ROUTE_PERMISSIONS, Permission
from sentinelle.store import Database, sqlite_path
from tests.api.client import Account, ApiClient, add_account, client_for, make_app, make_settings

IDENTITIES = 1000


def _identity(index: int) -> str:
    return f"Informant Aminata-{index:04d} Dicko +223-7{index:07d}"


def _seed(app: FastAPI, db: Database, analyst: Account) -> list[int]:
    with client_for(app, analyst) as client:
        ids = []
        for index in range(3):  # through the API route (which runs the whole pipeline)
            body = {
                "text": f"Field report {index}: shots heard near Ber.",
                "reporter": _identity(index),
            }
            response = client.post("/api/v1/field-reports", json=body)
            assert response.status_code == 201, response.text
            ids += response.json()["document_ids"]
    vault = IdentityVault.from_settings(make_settings(db))
    assert vault is not None
    from sentinelle.store.models import Document, Source

    with db.session() as session:  # the rest straight through the vault, in one transaction
        source = Source(kind="field-json", origin="tests:field", name="field network")
        session.add(source)
        session.flush()
        for index in range(3, IDENTITIES):
            document = Document(
                source_id=source.id,
                kind="field-json",
                origin=f"field:{index}",
                content_hash=f"{index:064x}",
                text=f"Field report {index}: market calm.",
            )
            session.add(document)
            session.flush()
            vault.store(session, document.id, _identity(index))
            ids.append(document.id)
    return ids


def _crawl(client: ApiClient, app: FastAPI, document_ids: list[int]) -> bytes:
    """Every readable GET route (with ids filled in), concatenated, except the reveal route."""
    body = b""
    for route in named_routes(app):
        if "GET" not in route.methods or route.name == "documents.reporter":
            continue
        path = (
            route.path.replace("{document_id}", str(document_ids[0]))
            .replace("{event_id}", "1")
            .replace("{alert_id}", "1")
            .replace("{region}", "ML09")
            .replace("{language}", "en")
        )
        for suffix in ("", "?format=json"):
            body += client.get(path + suffix, follow_redirects=True).content
    for document_id in document_ids[:50]:
        body += client.get(f"/api/v1/documents/{document_id}").content
        body += client.get(f"/api/v1/documents/{document_id}?format=json").content
    for page in ("/api/v1/documents?limit=500", "/api/v1/audit?limit=500", "/api/v1/events.csv"):
        body += client.get(page).content
    return body


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """A fresh SQLite store: the raw bytes of its file are checked too."""
    path = tmp_path / "identities.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    yield database
    database.dispose()


@pytest.mark.slow
def test_a_thousand_identities_never_leak(
    sqlite_db: Database, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    db = sqlite_db
    app = make_app(db)
    accounts = {role: add_account(db, role) for role in Role}
    document_ids = _seed(app, db, accounts[Role.ANALYST])
    seen = b""
    for role in (Role.ADMIN, Role.VERIFIER, Role.ANALYST, Role.COORDINATOR):
        with client_for(app, accounts[role]) as client:
            seen += _crawl(client, app, document_ids)
    leaked = [i for i in range(IDENTITIES) if _identity(i).encode() in seen]
    assert leaked == []
    assert not any(_identity(i) in caplog.text for i in range(IDENTITIES))
    path = sqlite_path(db.url)
    if path is not None:
        db.dispose()
        raw = b"".join(
            Path(f"{path}{suffix}").read_bytes()
            for suffix in ("", "-wal")
            if Path(f"{path}{suffix}").exists()
        )
        assert [i for i in range(IDENTITIES) if _identity(i).encode() in raw] == []
        assert b"Aminata-" not in raw


def test_only_verifiers_and_admins_may_reveal_a_reporter(
    app: FastAPI, db: Database, accounts: dict[Role, Account]
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        body = {"text": "Field report: armed men seen near Anefis.", "reporter": "Moussa Ag Test"}
        document_id = client.post("/api/v1/field-reports", json=body).json()["document_ids"][0]
    revealed = {}
    for role, account in accounts.items():
        with client_for(app, account) as client:
            response = client.get(f"/api/v1/documents/{document_id}/reporter")
            revealed[role] = (
                response.json().get("reporter")
                if response.status_code == 200
                else response.status_code
            )
    assert revealed[Role.VERIFIER] == "Moussa Ag Test" and revealed[Role.ADMIN] == "Moussa Ag Test"
    assert all(revealed[role] == 403 for role in Role if role not in (Role.VERIFIER, Role.ADMIN))
    assert ROUTE_PERMISSIONS["documents.reporter"] is Permission.READ_REPORTER_IDENTITY


def test_a_wrong_key_cannot_decrypt(db: Database) -> None:
    from sentinelle.api.pipeline import store_text
    from sentinelle.errors import ConfigError

    document_id = store_text(db, "Field report: calm.", "field:k", None)[0]
    with db.session() as session:
        IdentityVault(bytes(32)).store(session, document_id, "Secret Person")
    with db.session() as session, pytest.raises(ConfigError):
        IdentityVault(bytes(range(32))).reveal(session, document_id)
