"""Reports: per region and community, per capita, speed, gaps; reversed flows drop out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sentinelle.errors import InputError
from sentinelle.funds import (
    GapKind,
    ReportLevel,
    allocation_report,
    approve_request,
    commit_funds,
    disburse,
    funding_gaps,
    load_population,
    record_pledge,
    request_disbursement,
    reverse,
)
from sentinelle.funds.reports import Population
from sentinelle.store import Database
from tests.funds.world import build_world

NOW = dt.datetime(2015, 7, 1, 9, 0, tzinfo=dt.UTC)


def _paid(db: Database) -> None:
    """Kidal: 100,001 XOF committed (due 31 July), 30,001 disbursed on 15 July."""
    build_world(db)
    pledge = record_pledge(
        db, "Donor A", 1_000_000, "XOF", dt.date(2015, 6, 20), region_pcode="ML08"
    )
    commitment = commit_funds(db, pledge.id, "KID-1", 100_001, "XOF", dt.date(2015, 7, 1),
                              due_on=dt.date(2015, 7, 31))  # fmt: skip
    request = request_disbursement(db, commitment.id, "Rokia (NGO)", 30_001, "k", now=NOW)
    approve_request(db, request.id, "Alice (A)", now=NOW)
    approve_request(db, request.id, "Albert (A)", now=NOW)
    approve_request(db, request.id, "Kader (Kidal)", now=NOW)
    disburse(db, request.id, disbursed_on=dt.date(2015, 7, 15), now=NOW)


def _row(
    db: Database, level: ReportLevel, key: str, population: dict[str, Population]
) -> dict[str, object]:
    rows = allocation_report(db, population=population)
    return next(r.as_record() for r in rows if r.level is level and r.key == key)


def test_region_totals_per_capita_and_days_from_pledge(db: Database) -> None:
    _paid(db)
    kidal = _row(db, ReportLevel.REGION, "ML08", {"ML08": Population(3, "a test census")})
    assert (kidal["pledged"], kidal["committed"], kidal["disbursed"]) == (
        1_000_000,
        100_001,
        30_001,
    )
    assert kidal["disbursed_per_capita"] == "10000.33"
    assert kidal["median_days_pledge_to_disbursement"] == 25
    assert kidal["population_source"] == "a test census" and kidal["name"] == "Kidal"


def test_community_shares_add_up_to_the_region(db: Database) -> None:
    _paid(db)
    rows = [r for r in allocation_report(db, population={}) if r.level is ReportLevel.COMMUNITY]
    assert sum(r.disbursed for r in rows) == 30_001  # one community served: it gets it all
    assert rows[0].per_capita(rows[0].disbursed) is None  # no population known


def test_a_reversed_disbursement_leaves_the_report(db: Database) -> None:
    _paid(db)
    reverse(db, 3, now=NOW, memo="paid to the wrong account")
    kidal = _row(db, ReportLevel.REGION, "ML08", {})
    assert kidal["disbursed"] == 0 and kidal["committed"] == 100_001


def test_late_and_unfunded_commitments_are_flagged(db: Database) -> None:
    _paid(db)
    gaps = funding_gaps(db, dt.date(2015, 8, 10), ["DEV-2", "DEV-2", "CSA-1"])
    late = [g for g in gaps if g.kind is GapKind.LATE]
    assert [(g.project_code, g.days_late, g.committed - g.disbursed) for g in late] == [
        ("KID-1", 10, 70_000)
    ]
    assert [g.reference for g in gaps if g.kind is GapKind.UNFUNDED] == ["DEV-2", "CSA-1"]
    assert funding_gaps(db, dt.date(2015, 7, 31), []) == []


def test_the_shipped_population_names_its_source() -> None:
    table = load_population()
    assert table["ML08"].count == 67_638 and "GeoNames" in table["ML08"].source


def test_a_population_file_without_sources_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "population.csv"
    bad.write_text("pcode,name,population,source\nML08,Kidal,67638,\n", encoding="utf-8")
    with pytest.raises(InputError, match="no source"):
        load_population(bad)
