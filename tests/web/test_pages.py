"""Dashboard pages: login, French first, language switch, map, timeline, queue, event, twins."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI

from sentinelle.api import Role
from tests.api.client import PASSWORD, Account, ApiClient, client_for
from tests.api.seeding import Seeded

PAGES = ["/", "/timeline", "/alerts", "/upload"]


def _browser_login(client: ApiClient, username: str) -> None:
    response = client.post(
        "/login", data={"username": username, "password": PASSWORD, "next": "/alerts"}
    )
    assert response.status_code == 303 and response.headers["location"] == "/alerts"


def _ids_of_every_page(client: ApiClient, url: str, key: str) -> list[int]:
    """The ids of every row of a page's JSON twin, following its next-page cursors."""
    seen: list[int] = []
    target: str | None = url
    while target is not None:
        page = client.get(target).json()
        seen += [row["id"] for row in page[key]]
        cursor = page["next_cursor"]
        target = None if cursor is None else f"{url}&cursor={cursor}"
    return seen


def test_the_login_page_is_french_first_and_switches_to_english(anonymous: ApiClient) -> None:
    french = anonymous.get("/login").text
    switched = anonymous.get("/lang/en?next=/login")
    english = anonymous.get("/login").text
    assert "Connexion" in french and "Mot de passe" in french
    assert switched.status_code == 303 and switched.headers["location"] == "/login"
    assert "Log in" in english and "Password" in english


def test_a_wrong_password_shows_an_error_on_the_form(
    anonymous: ApiClient, accounts: dict[Role, Account]
) -> None:
    response = anonymous.post(
        "/login", data={"username": accounts[Role.ANALYST].username, "password": "nope nope"}
    )
    assert response.status_code == 401 and "Identifiant ou mot de passe incorrect" in response.text


def test_login_never_redirects_off_site(
    anonymous: ApiClient, accounts: dict[Role, Account]
) -> None:
    response = anonymous.post(
        "/login",
        data={
            "username": accounts[Role.ANALYST].username,
            "password": PASSWORD,
            "next": "//evil.example/",
        },
    )
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_no_inline_script_and_a_json_twin(
    anonymous: ApiClient, accounts: dict[Role, Account], seeded: Seeded, page: str
) -> None:
    _browser_login(anonymous, accounts[Role.ANALYST].username)
    html = anonymous.get(page)
    twin = anonymous.get(f"{page}?format=json")
    assert html.status_code == 200 and "text/html" in html.headers["content-type"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html.text) == []
    assert " on" not in "".join(re.findall(r"<[^>]+ on[a-z]+=", html.text))
    assert twin.headers["content-type"] == "application/json"
    assert isinstance(twin.json(), dict)


def test_the_map_page_lists_events_and_region_risk(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        html = client.get("/").text
        twin = client.get("/?format=json").json()
    assert 'id="map"' in html and "/static/vendor/leaflet/leaflet.js" in html
    assert {event["admin1"] for event in twin["events"]} == {"Bamako", "Mopti", "Kidal"}
    assert {r["name"]: r["risk"] for r in twin["regions"]}["Mopti"] == "high"


def test_an_observer_sees_the_map_without_events(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.OBSERVER]) as client:
        twin = client.get("/?format=json").json()
        html = client.get("/").text
    assert twin["events"] == [] and "data-events-url" not in html
    assert 'id="nav-alerts"' not in html


def test_the_event_page_highlights_the_evidence(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        html = client.get(f"/events/{seeded.events['Kidal']}").text
    assert '<mark title="actor1">gunmen</mark>' in html
    assert "Attack in Kidal" in html and 'id="attribution">unknown<' in html


def test_the_alert_queue_is_scoped_for_a_local_authority(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.LOCAL_AUTHORITY]) as client:
        items = client.get("/alerts?format=json").json()["items"]
        page = client.get(f"/events/{seeded.events['Mopti']}")
    assert [item["admin1"] for item in items] == ["Kidal"]
    assert page.status_code == 404


def test_the_timeline_shows_months_and_regions(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.DONOR]) as client:
        items = client.get("/timeline?format=json").json()["items"]
    assert {(i["month"], i["name"], i["events"]) for i in items} == {
        ("2015-11", "Bamako", 1),
        ("2015-11", "Mopti", 1),
        ("2015-11", "Kidal", 1),
    }


def test_vendored_assets_are_served_locally(anonymous: ApiClient) -> None:
    for path in (
        "/static/vendor/leaflet/leaflet.js",
        "/static/vendor/htmx/htmx.min.js",
        "/static/js/map.js",
        "/static/css/app.css",
    ):
        assert anonymous.get(path).status_code == 200, path


def test_the_alert_queue_pages_through_every_alert(
    app: FastAPI,
    accounts: dict[Role, Account],
    seeded: Seeded,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sentinelle.web.pages.PAGE_ROWS", 2)
    with client_for(app, accounts[Role.ANALYST]) as client:
        first = client.get("/alerts").text
        seen = _ids_of_every_page(client, "/alerts?format=json", "items")
    assert 'rel="next"' in first and "Page suivante" in first
    assert seen == sorted(seeded.alerts.values(), reverse=True)


def test_a_forged_cursor_on_the_alert_queue_is_a_422_naming_the_field(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        response = client.get("/alerts?format=json&cursor=not-a-cursor")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "cursor"


def test_the_map_filters_narrow_the_table_and_the_map_points(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        twin = client.get("/?format=json&region=Mopti").json()
        html = client.get("/?region=Mopti&event_type=Violence+against+civilians").text
        points = client.get("/api/v1/events.geojson?region=Mopti").json()
        later = client.get("/?format=json&since=2015-11-21").json()
    assert [event["admin1"] for event in twin["events"]] == ["Mopti"]
    assert twin["filters"]["region"] == "Mopti"
    assert 'data-events-url="/api/v1/events.geojson?region=Mopti&amp;event_type=' in html
    assert '<option value="Violence against civilians" selected>' in html
    assert [f["properties"]["admin1"] for f in points["features"]] == ["Mopti"]
    assert later["events"] == []


def test_the_map_table_pages_through_every_event_keeping_the_filters(
    app: FastAPI,
    accounts: dict[Role, Account],
    seeded: Seeded,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sentinelle.web.pages.PAGE_ROWS", 2)
    with client_for(app, accounts[Role.ANALYST]) as client:
        first = client.get("/?since=2015-11-01").text
        seen = _ids_of_every_page(client, "/?format=json&since=2015-11-01", "events")
    assert 'href="/?since=2015-11-01&amp;cursor=' in first
    assert seen == sorted(seeded.events.values(), reverse=True)


def test_a_malformed_map_filter_is_a_422_naming_the_field(
    app: FastAPI, accounts: dict[Role, Account], seeded: Seeded
) -> None:
    with client_for(app, accounts[Role.ANALYST]) as client:
        response = client.get("/?format=json&since=yesterday")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "since"
