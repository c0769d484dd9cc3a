"""The alerts, responders and report commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sentinelle.cli import main
from sentinelle.store import Database
from tests.alerts.world import T0, raise_reported_alert

ROSTER = """name,role,regions,topics,on_call_order,email,webhook_url
Awa,responder,Gao;Mopti,security,1,awa@example.org,
Coumba,coordinator,*,,1,coumba@example.org,https://hooks.example.org/c
"""


def _run(db_url: str, *args: str) -> int:
    with pytest.raises(SystemExit) as ended:
        main(["--db", db_url, *args])
    code = ended.value.code
    return code if isinstance(code, int) else 1


def test_roster_import_then_list(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert _run(db_url, "responders", "import", str(roster)) == 0
    assert (
        _run(
            db_url,
            "responders",
            "add",
            "Bakary",
            "--role",
            "verifier",
            "--region",
            "Gao",
            "--order",
            "2",
            "--email",
            "b@example.org",
        )
        == 0
    )
    capsys.readouterr()
    assert _run(db_url, "responders", "list", "--region", "gao", "--format", "jsonl") == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["name"], r["regions"]) for r in rows] == [
        ("Awa", "Gao;Mopti"),
        ("Coumba", "*"),
        ("Bakary", "Gao"),
    ]


def test_a_roster_row_with_an_unknown_role_names_its_line(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER + "Moussa,general,Gao,,1,m@example.org,\n", encoding="utf-8")
    assert _run(db_url, "responders", "import", str(roster)) == 2
    assert "roster.csv:4" in capsys.readouterr().err


def test_acting_on_an_alert_and_refusing_an_illegal_transition(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    alert_id = str(raise_reported_alert(db))
    later = (T0.replace(hour=9)).isoformat()
    assert _run(db_url, "alerts", "resolve", alert_id, "--by", "Awa") == 2
    assert "cannot resolve an alert that is raised" in capsys.readouterr().err
    assert _run(db_url, "alerts", "list", "--state", "open") == 2
    assert "unknown state 'open'" in capsys.readouterr().err
    assert (
        _run(db_url, "alerts", "ack", alert_id, "--by", "Awa", "--note", "on it", "--now", later)
        == 0
    )
    assert _run(db_url, "alerts", "verify", alert_id, "--by", "Awa") == 2
    assert "rumoured" in capsys.readouterr().err
    assert (
        _run(
            db_url,
            "alerts",
            "verify",
            alert_id,
            "--by",
            "Awa",
            "--field",
            "Gao prefecture by phone",
            "--supports",
            "confirmed",
        )
        == 0
    )
    assert _run(db_url, "alerts", "assess", alert_id, "--by", "Awa", "--risk", "extreme") == 2
    assert _run(db_url, "alerts", "assess", alert_id, "--by", "Awa", "--risk", "high") == 0
    capsys.readouterr()
    assert _run(db_url, "alerts", "list", "--format", "jsonl") == 0
    listed = json.loads(capsys.readouterr().out)
    assert (listed["state"], listed["risk_level"]) == ("assessed", "high")
    assert _run(db_url, "alerts", "show", alert_id) == 0
    shown = capsys.readouterr().out
    assert "raised -> verifying by Awa - on it" in shown
    assert "field_confirmation: Gao prefecture by phone" in shown
    assert "field-confirmed" in shown


def test_responding_logs_the_action_and_its_outcome(
    db: Database, db_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    alert_id = str(raise_reported_alert(db))
    for args in (
        ["ack"],
        ["verify", "--source", "https://radio.example.org/1"],
        ["assess", "--risk", "moderate"],
        ["respond", "--action", "Called the CMA liaison", "--kind", "call", "--place", "Gao"],
    ):
        assert _run(db_url, "alerts", args[0], alert_id, *args[1:], "--by", "Awa") == 0
    assert _run(db_url, "alerts", "outcome", "1", "--outcome", "succeeded", "--note", "calm") == 0
    assert (
        _run(
            db_url,
            "alerts",
            "action",
            alert_id,
            "--description",
            "x",
            "--kind",
            "tea",
            "--by",
            "Awa",
        )
        == 2
    )
    assert _run(db_url, "alerts", "resolve", alert_id, "--by", "Awa") == 0
    capsys.readouterr()
    assert _run(db_url, "alerts", "show", alert_id) == 0
    shown = capsys.readouterr().out
    assert "call by Awa: Called the CMA liaison [succeeded]" in shown
    assert "responding -> resolved by Awa" in shown
