"""Events: filters, cursor pages, ETags, streamed exports, error bodies, headers, size limits."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from sentinelle.api import Role
from sentinelle.store import ACLED_COLUMNS, Database
from tests.api.client import Account, ApiClient, client_for, make_app
from tests.api.seeding import Seeded


@pytest.fixture
def analyst(app: FastAPI, accounts: dict[Role, Account]) -> Iterator[ApiClient]:
    """A client with an analyst's token."""
    client = ApiClient(app, accounts[Role.ANALYST].token)
    yield client
    client.close()


@pytest.mark.parametrize(
    ("query", "regions"),
    [
        ("region=Mopti", {"Mopti"}),
        ("region=ML08", {"Kidal"}),
        ("since=2015-11-20&until=2015-11-20", {"Bamako", "Mopti", "Kidal"}),
        ("since=2015-11-21", set()),
        ("event_type=Battles", set()),
        ("actor=unidentified", {"Bamako", "Mopti", "Kidal"}),
        ("attribution=confirmed", set()),
    ],
)
def test_events_are_filtered(
    analyst: ApiClient, seeded: Seeded, query: str, regions: set[str]
) -> None:
    items = analyst.get(f"/api/v1/events?{query}").json()["items"]
    assert {item["admin1"] for item in items} == regions


def test_cursor_pages_cover_every_event_once(analyst: ApiClient, seeded: Seeded) -> None:
    seen, cursor = [], None
    while True:
        url = "/api/v1/events?limit=2" + (f"&cursor={cursor}" if cursor else "")
        page = analyst.get(url).json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(seeded.events.values())


def test_an_unchanged_read_answers_304_to_its_etag(analyst: ApiClient, seeded: Seeded) -> None:
    first = analyst.get("/api/v1/events")
    again = analyst.get("/api/v1/events", headers={"if-none-match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""


def test_errors_share_one_body_with_the_field(analyst: ApiClient) -> None:
    bad_date = analyst.get("/api/v1/events?since=yesterday")
    bad_cursor = analyst.get("/api/v1/events?cursor=!!")
    missing = analyst.get("/api/v1/events/999999")
    assert bad_date.status_code == 422 and bad_date.json()["error"]["field"] == "since"
    assert bad_cursor.json()["error"]["field"] == "cursor"
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_geojson_export_has_one_point_per_located_event(analyst: ApiClient, seeded: Seeded) -> None:
    collection = analyst.get("/api/v1/events.geojson").json()
    assert collection["type"] == "FeatureCollection"
    points = {
        f["properties"]["admin1"]: f["geometry"]["coordinates"] for f in collection["features"]
    }
    assert points["Bamako"] == [-8.0, 12.65]


def test_csv_export_has_acleds_columns(analyst: ApiClient, seeded: Seeded) -> None:
    response = analyst.get("/api/v1/events.csv?region=Kidal")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert tuple(rows[0].keys()) == ACLED_COLUMNS
    assert [(row["admin1"], row["fatalities"]) for row in rows] == [("Kidal", "4")]


@pytest.mark.parametrize("export", ["events.geojson", "events.csv"])
def test_an_export_with_an_unknown_region_is_a_422_not_a_cut_stream(
    analyst: ApiClient, export: str
) -> None:
    response = analyst.get(f"/api/v1/{export}?region=Atlantis")
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "region"


def test_an_event_shows_its_sources_and_evidence(analyst: ApiClient, seeded: Seeded) -> None:
    event = analyst.get(f"/api/v1/events/{seeded.events['Mopti']}").json()
    assert event["sources"][0]["evidence"][0]["text"] == "gunmen"
    assert event["attribution_history"][0]["status"] == "unknown"
    assert event["alert_ids"] == [seeded.alerts["Mopti"]]


def test_every_response_carries_the_security_headers(analyst: ApiClient) -> None:
    headers = analyst.get("/api/v1/health").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY"
    assert "strict-transport-security" not in headers  # plain HTTP: no HSTS


def test_an_oversized_request_is_refused_with_413(db: Database) -> None:
    from tests.api.client import add_account

    account = add_account(db, Role.ANALYST)
    with client_for(make_app(db, max_request_bytes=1000), account) as client:
        response = client.post("/api/v1/documents", json={"text": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_alerts_list_and_show(analyst: ApiClient, seeded: Seeded) -> None:
    listed = analyst.get("/api/v1/alerts?state=open").json()["items"]
    shown = analyst.get(f"/api/v1/alerts/{seeded.alerts['Bamako']}").json()
    assert {alert["admin1"] for alert in listed} == {"Bamako", "Mopti", "Kidal"}
    assert shown["event_ids"] == [seeded.events["Bamako"]]


def test_regions_aggregate_events_fatalities_and_risk(analyst: ApiClient, seeded: Seeded) -> None:
    regions = {r["name"]: r for r in analyst.get("/api/v1/regions").json()["items"]}
    assert (regions["Kidal"]["events"], regions["Kidal"]["fatalities"]) == (1, 4)
    assert regions["Kidal"]["risk"] == "high" and regions["Gao"]["risk"] == "none"
    timeline = analyst.get("/api/v1/regions/timeline").json()["items"]
    assert {(p["month"], p["name"]) for p in timeline} >= {("2015-11", "Mopti")}


def test_a_text_upload_becomes_a_document(analyst: ApiClient) -> None:
    result = analyst.post(
        "/api/v1/documents", json={"text": "On 3 May 2015 a convoy was ambushed near Gao."}
    ).json()
    document = analyst.get(f"/api/v1/documents/{result['document_ids'][0]}").json()
    assert "convoy was ambushed" in document["text"]


def test_a_region_shows_its_indicators_and_forecasts(analyst: ApiClient, db: Database) -> None:
    import datetime as dt

    from sentinelle.store.models import Forecast, RegionPeriod

    month = dt.date(2015, 11, 1)
    with db.session() as session:
        session.add(
            RegionPeriod(
                level="admin1",
                country="Mali",
                region="Kidal",
                period="month",
                period_start=month,
                events=7,
                violent_events=5,
                fatalities=9,
                unknown_share=0.4,
                armed_actors=3,
                new_area=False,
            )
        )
        session.add(
            Forecast(
                country="Mali",
                region="Kidal",
                horizon="month",
                issued_for=month,
                target_start=dt.date(2015, 12, 1),
                target_end=dt.date(2015, 12, 31),
                expected_events=6.5,
                events_low=3,
                events_high=11,
                expected_fatalities=8.0,
                fatalities_low=2,
                fatalities_high=20,
                p_fatal=0.8,
                model_name="poisson",
                model_version="1",
                train_start=dt.date(2012, 1, 1),
                train_end=month,
            )
        )
    body = analyst.get("/api/v1/regions/Kidal/indicators").json()
    assert body["pcode"] == "ML08" and body["available"] is True
    assert body["indicators"][0]["fatalities"] == 9
    assert body["forecasts"][0]["p_fatal"] == 0.8
    assert analyst.get("/api/v1/regions/Atlantis/indicators").status_code == 404
