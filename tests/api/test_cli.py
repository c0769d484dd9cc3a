"""``sentinelle users`` and ``sentinelle audit verify`` as an administrator runs them."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from sentinelle.cli import main
from sentinelle.store import Database
from tests.api.client import PASSWORD, ApiClient, make_app


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def test_users_add_list_token_disable(db: Database, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["--db", db.url]
    add = ["users", "add", "fatou", "--role", "local_authority", "--region", "Kidal"]
    assert run([*base, *add, "--password", PASSWORD], capsys)[0] == 0
    _, out, _ = run([*base, "users", "list", "--format", "csv"], capsys)
    assert "fatou,local_authority,ML08,False" in out
    _, secret, _ = run([*base, "users", "token", "fatou", "--scope", "read"], capsys)
    client = ApiClient(make_app(db), secret.strip())
    try:
        assert client.get("/api/v1/auth/me").json()["regions"] == ["ML08"]
        assert run([*base, "users", "disable", "fatou"], capsys)[0] == 0
        assert client.get("/api/v1/auth/me").status_code == 401
    finally:
        client.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["users", "add", "x", "--role", "king", "--password", PASSWORD], "unknown role"),
        (["users", "add", "x", "--role", "analyst", "--password", "short"], "10 characters"),
        (["users", "add", "x", "--role", "responder", "--password", PASSWORD], "region"),
        (["users", "disable", "nobody"], "no user named"),
    ],
)
def test_bad_user_commands_explain_themselves(
    db: Database, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    code, _, err = run(["--db", db.url, *args], capsys)
    assert code == 2 and message in err


def test_audit_verify_reports_intact_then_tampered(
    db: Database, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["--db", db.url]
    run([*base, "users", "add", "ana", "--role", "analyst", "--password", PASSWORD], capsys)
    run([*base, "users", "token", "ana"], capsys)
    code, out, _ = run([*base, "audit", "verify"], capsys)
    assert code == 0 and "intact: 2 entries" in out
    with db.engine.begin() as connection:
        if db.backend == "postgresql":
            connection.execute(text("DROP TRIGGER audit_log_no_change ON audit_log"))
        else:
            connection.execute(text("DROP TRIGGER audit_log_no_update"))
        connection.execute(text("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1"))
    code, _, err = run([*base, "audit", "verify"], capsys)
    assert code == 1 and "TAMPERED at entry 1" in err
