"""Agreements and their implementation scores, as published aggregates."""

from __future__ import annotations

from fastapi import FastAPI

from sentinelle.accord import EXAMPLE_AGREEMENT, import_agreement_file
from sentinelle.api import Role
from sentinelle.store import Database
from tests.api.client import Account, client_for


def test_an_observer_reads_the_agreement_scores(
    app: FastAPI, db: Database, accounts: dict[Role, Account]
) -> None:
    with db.session() as session:
        code = import_agreement_file(session, EXAMPLE_AGREEMENT).agreement
    with client_for(app, accounts[Role.OBSERVER]) as client:
        listed = client.get("/api/v1/agreements").json()["items"]
        scores = client.get(f"/api/v1/agreements/{code}/scores?on=2017-06-01").json()["items"]
        missing = client.get("/api/v1/agreements/nope/scores")
    assert [item["code"] for item in listed] == [code]
    overall = next(s for s in scores if s["dimension"] == "overall")
    assert overall["commitments"] > 0 and 0.0 <= overall["score"] <= 1.0
    assert missing.status_code == 404


def test_a_donor_reads_the_allocation_report(app: FastAPI, accounts: dict[Role, Account]) -> None:
    with client_for(app, accounts[Role.DONOR]) as client:
        response = client.get("/api/v1/funds/allocation")
    assert response.status_code == 200 and response.json() == {"items": []}
