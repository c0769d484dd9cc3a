"""The audit log: every change chained by hashes; tampering is detected; rows cannot be edited."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from sentinelle.api import Role, verify_chain
from sentinelle.store import Database
from sentinelle.store.models import AuditEntry
from tests.api.client import PASSWORD, Account, client_for


def _make_changes(app: FastAPI, admin: Account) -> None:
    with client_for(app, admin) as client:
        body = {"username": "ana", "password": PASSWORD, "role": "analyst"}
        assert client.post("/api/v1/users", json=body).status_code == 201
        token_id = client.post("/api/v1/tokens", json={"name": "audit-me"}).json()["id"]
        client.request("DELETE", f"/api/v1/tokens/{token_id}")


def test_changes_are_recorded_with_who_what_before_and_after(
    app: FastAPI, db: Database, accounts: dict[Role, Account]
) -> None:
    _make_changes(app, accounts[Role.ADMIN])
    with client_for(app, accounts[Role.ADMIN]) as client:
        items = client.get("/api/v1/audit").json()["items"]
        verification = client.get("/api/v1/audit/verify").json()
    created = [
        item for item in items if item["action"] == "user.create" and item["actor"] == "admin-user"
    ]
    assert [item["after"]["username"] for item in created] == ["ana"]
    assert "password" not in str(created) and PASSWORD not in str(items)
    assert {"token.create", "token.revoke"} <= {item["action"] for item in items}
    assert verification["intact"] is True and verification["entries"] >= 3


def test_the_database_refuses_to_edit_or_delete_audit_rows(
    app: FastAPI, db: Database, accounts: dict[Role, Account]
) -> None:
    _make_changes(app, accounts[Role.ADMIN])
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError), db.engine.begin() as connection:
            connection.execute(text(statement))


def _drop_guards(db: Database) -> None:
    with db.engine.begin() as connection:
        if db.backend == "postgresql":
            connection.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
            connection.execute(text("DROP TRIGGER audit_log_no_delete"))


@pytest.mark.parametrize(
    "tampering",
    [
        'UPDATE audit_log SET after = \'{"username": "mallory"}\' WHERE seq = 2',
        "DELETE FROM audit_log WHERE seq = 2",
        "UPDATE audit_log SET actor = 'someone-else' WHERE seq = 1",
    ],
)
def test_verify_finds_the_first_tampered_entry(
    app: FastAPI, db: Database, accounts: dict[Role, Account], tampering: str
) -> None:
    _make_changes(app, accounts[Role.ADMIN])
    with db.session() as session:
        assert verify_chain(session).intact
        count = len(session.scalars(select(AuditEntry)).all())
    _drop_guards(db)
    with db.engine.begin() as connection:
        connection.execute(text(tampering))
    with db.session() as session:
        report = verify_chain(session)
    assert not report.intact
    assert report.broken_at is not None and report.broken_at <= 2 < count
