"""The role matrix decides every route: each route x each role, and region scoping."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi import FastAPI

from sentinelle.api import ROUTE_PERMISSIONS, Role
from sentinelle.api.app import RouteInfo, named_routes
from sentinelle.api.roles import Permission, role_allows
from sentinelle.store import Database
from tests.api.client import PASSWORD, Account, ApiClient, add_account, client_for
from tests.api.seeding import Seeded

# Bodies that pass validation for each unsafe route (so a refusal can only be the role's).
BODIES: dict[str, dict[str, Any]] = {
    # An empty password is refused before any (slow) hashing: 422, never 401/403.
    "auth.login": {"json": {"username": "walker", "password": ""}},
    "tokens.create": {"json": {"name": "walk", "scopes": ["read"]}},
    "users.create": {"json": {"username": "new-{role}", "password": PASSWORD, "role": "analyst"}},
    "documents.create": {"json": {"text": "Report from {role}: calm in Gao."}},
    "documents.upload": {"files": {"file": ("r.txt", b"Report: calm in Segou {role}.")}},
    "field_reports.create": {"json": {"text": "Field report {role}", "reporter": "R {role}"}},
    "web.login": {"data": {"username": "walker", "password": ""}},
    "web.upload": {"data": {"text": "Web report from {role}."}},
    "web.alert_action": {"data": {}},
}


def _routes(app: FastAPI) -> list[RouteInfo]:
    return named_routes(app)


def _path(route: RouteInfo, seeded: Seeded, ids: dict[str, int]) -> str:
    values = {
        "event_id": seeded.events["Bamako"],
        "alert_id": seeded.alerts["Bamako"],
        "document_id": seeded.documents["Bamako"],
        "region": "ML09",
        "code": "apr-mali-2015",
        "language": "fr",
        "action": "acknowledge",
        "token_id": ids["token"],
        "user_id": ids["user"],
    }
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), route.path)


def _call(client: ApiClient, route: RouteInfo, path: str, role: str) -> int:
    method = sorted(route.methods)[0]
    spec = BODIES.get(route.name, {})
    kwargs: dict[str, Any] = {}
    for key, value in spec.items():
        if key == "files":
            name, (filename, content) = next(iter(value.items()))
            kwargs["files"] = {name: (filename, content.replace(b"{role}", role.encode()))}
        elif isinstance(value, dict):
            kwargs[key] = {
                k: v.replace("{role}", role) if isinstance(v, str) else v for k, v in value.items()
            }
    if method == "POST" and not kwargs:
        kwargs["json"] = {}
    return client.request(
        method, path, headers={"accept": "application/json"}, **kwargs
    ).status_code


def test_every_route_is_in_the_role_matrix(app: FastAPI) -> None:
    names = {route.name for route in _routes(app)}
    assert names - set(ROUTE_PERMISSIONS) == set()
    assert set(ROUTE_PERMISSIONS) - names == set()


def test_every_route_by_every_role_follows_the_matrix(
    app: FastAPI, db: Database, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    target = add_account(db, Role.OBSERVER, "to-disable")
    wrong: list[str] = []
    for role, account in accounts.items():
        with client_for(app, account) as client:
            token_id = client.post("/api/v1/tokens", json={"name": "t"}).json()["id"]
            ids = {"token": token_id, "user": target.user_id}
            for route in _routes(app):
                status = _call(client, route, _path(route, seeded, ids), role.value)
                allowed = role_allows(role, ROUTE_PERMISSIONS[route.name])
                if (allowed and status in (401, 403)) or (not allowed and status != 403):
                    wrong.append(f"{role.value} {route.name}: {status} (allowed={allowed})")
    assert wrong == []


def test_anonymous_callers_get_401_on_every_protected_api_route(
    app: FastAPI, anonymous: ApiClient, seeded: Seeded
) -> None:
    wrong = []
    for route in _routes(app):
        if ROUTE_PERMISSIONS[route.name] is Permission.PUBLIC:
            continue
        status = _call(anonymous, route, _path(route, seeded, {"token": 1, "user": 1}), "anon")
        if status != 401:
            wrong.append(f"{route.name}: {status}")
    assert wrong == []


def test_an_anonymous_browser_is_sent_to_the_login_page(anonymous: ApiClient) -> None:
    response = anonymous.get("/alerts", headers={"accept": "text/html"})
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("resource", ["alerts", "events"])
def test_a_kidal_local_authority_cannot_read_mopti_by_guessing_its_id(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded, resource: str
) -> None:
    ids = seeded.alerts if resource == "alerts" else seeded.events
    with client_for(app, accounts[Role.LOCAL_AUTHORITY]) as client:
        assert client.get(f"/api/v1/{resource}/{ids['Mopti']}").status_code == 404
        assert client.get(f"/api/v1/{resource}/{ids['Kidal']}").status_code == 200


def test_scoped_roles_list_only_their_regions(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    seen = {}
    for role in (Role.LOCAL_AUTHORITY, Role.RESPONDER, Role.ANALYST):
        with client_for(app, accounts[role]) as client:
            alerts = client.get("/api/v1/alerts").json()["items"]
            events = client.get("/api/v1/events").json()["items"]
            csv_text = client.get("/api/v1/events.geojson").text
            seen[role] = ({a["admin1"] for a in alerts}, {e["admin1"] for e in events}, csv_text)
    assert seen[Role.LOCAL_AUTHORITY][:2] == ({"Kidal"}, {"Kidal"})
    assert "Mopti" not in seen[Role.LOCAL_AUTHORITY][2]
    assert seen[Role.RESPONDER][:2] == ({"Mopti"}, {"Mopti"})
    assert seen[Role.ANALYST][:2] == ({"Bamako", "Mopti", "Kidal"},) * 2


def test_observers_see_only_aggregates(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.OBSERVER]) as client:
        regions = client.get("/api/v1/regions").json()["items"]
        assert {r["name"]: r["events"] for r in regions}["Mopti"] == 1
        assert client.get("/api/v1/events").status_code == 403
        assert client.get(f"/api/v1/documents/{seeded.documents['Mopti']}").status_code == 403
