"""The events and alerts lists, written from plain rows, say what the response models would."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from sqlalchemy import select, text

from sentinelle.api import Role
from sentinelle.api.pagination import encode_cursor
from sentinelle.api.routes.alerts import alert_out
from sentinelle.api.schemas import AlertPage, EventOut, EventPage
from sentinelle.store import Database
from sentinelle.store.models import Alert, Event
from tests.api.client import Account, ApiClient, make_app
from tests.api.seeding import Seeded


@pytest.fixture
def analyst(app: FastAPI, accounts: dict[Role, Account]) -> Iterator[ApiClient]:
    """A client with an analyst's token."""
    client = ApiClient(app, accounts[Role.ANALYST].token)
    yield client
    client.close()


def test_an_events_page_is_the_event_models_page(
    analyst: ApiClient, seeded: Seeded, db: Database
) -> None:
    body = analyst.get("/api/v1/events?limit=2").json()
    with db.session() as session:
        events = list(session.scalars(select(Event).order_by(Event.id.desc())))
    expected = EventPage(
        items=[EventOut.model_validate(event) for event in events[:2]],
        next_cursor=encode_cursor(events[1].id),
    )
    assert body == json.loads(expected.model_dump_json())


def test_an_alerts_page_is_the_alert_models_page(
    app: FastAPI, analyst: ApiClient, seeded: Seeded, db: Database
) -> None:
    body = analyst.get("/api/v1/alerts?state=open").json()
    with db.session() as session:
        alerts = list(session.scalars(select(Alert).order_by(Alert.id.desc())))
        expected = AlertPage(
            items=[alert_out(alert, app.state.settings) for alert in alerts], next_cursor=None
        )
    assert body == json.loads(expected.model_dump_json())
    assert all(item["deadline"] for item in body["items"])


def test_a_scoped_role_pages_only_its_regions(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    client = ApiClient(app, accounts[Role.LOCAL_AUTHORITY].token)
    try:
        events = client.get("/api/v1/events").json()["items"]
        alerts = client.get("/api/v1/alerts?region=Kidal").json()["items"]
        elsewhere = client.get("/api/v1/alerts?region=Mopti").json()["items"]
    finally:
        client.close()
    assert {item["admin1"] for item in events + alerts} == {"Kidal"}
    assert elsewhere == []


def test_the_lists_answer_after_the_database_drops_every_connection(
    analyst: ApiClient, seeded: Seeded, db: Database
) -> None:
    if db.backend != "postgresql":
        pytest.skip("only a database server can drop its clients' connections")
    assert analyst.get("/api/v1/events").status_code == 200
    assert analyst.get("/api/v1/alerts").status_code == 200
    with db.engine.connect() as connection:  # as a restart of the server would
        connection.execute(
            text(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        )
    assert analyst.get("/api/v1/events").status_code == 200
    assert analyst.get("/api/v1/alerts").status_code == 200


def test_each_app_lists_deadlines_by_its_own_settings(
    db: Database, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    allowed = {}
    for hours in (1.0, 2.0):
        app = make_app(db, alert_deadlines={"high": [hours, 24, 48, 72]})
        client = ApiClient(app, accounts[Role.ANALYST].token)
        try:
            for _ in range(2):  # the second page is answered from the remembered figures
                item = client.get("/api/v1/alerts?state=raised").json()["items"][0]
                raised = dt.datetime.fromisoformat(item["raised_at"])
                allowed[hours] = dt.datetime.fromisoformat(item["deadline"]) - raised
        finally:
            client.close()
    assert allowed == {1.0: dt.timedelta(hours=1), 2.0: dt.timedelta(hours=2)}
