"""Alert lifecycle through the API: role-checked, carried out by the alerts stage, audited."""

from __future__ import annotations

from fastapi import FastAPI

from sentinelle.api import Role
from tests.api.client import Account, client_for
from tests.api.seeding import Seeded


def test_acknowledging_moves_the_alert_and_is_audited(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    alert_id = seeded.alerts["Bamako"]
    with client_for(app, accounts[Role.ANALYST]) as client:
        before = client.get(f"/api/v1/alerts/{alert_id}").json()
        after = client.post(f"/api/v1/alerts/{alert_id}/acknowledge", json={"note": "on it"})
    assert before["allowed_actions"] == ["acknowledge"] and before["deadline"] is not None
    assert after.status_code == 200, after.text
    body = after.json()
    assert body["state"] == "verifying"
    assert body["history"][-1]["by"] == "analyst-user"
    with client_for(app, accounts[Role.ADMIN]) as admin:
        entries = admin.get("/api/v1/audit").json()["items"]
    acknowledged = [e for e in entries if e["action"] == "alert.acknowledge"]
    assert acknowledged[0]["before"]["state"] == "raised"
    assert acknowledged[0]["after"]["state"] == "verifying"


def test_an_illegal_step_is_409_and_a_missing_risk_level_422(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    alert_id = seeded.alerts["Bamako"]
    with client_for(app, accounts[Role.COORDINATOR]) as client:
        illegal = client.post(f"/api/v1/alerts/{alert_id}/resolve", json={})
        unrated = client.post(f"/api/v1/alerts/{alert_id}/assess", json={})
    assert illegal.status_code == 409
    assert illegal.json()["error"]["code"] == "illegal_transition"
    assert unrated.status_code in (409, 422)


def test_a_responder_cannot_act_outside_their_region(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.RESPONDER]) as client:
        elsewhere = client.post(f"/api/v1/alerts/{seeded.alerts['Kidal']}/acknowledge", json={})
        own = client.post(f"/api/v1/alerts/{seeded.alerts['Mopti']}/acknowledge", json={})
    assert elsewhere.status_code == 404
    assert own.status_code == 200
