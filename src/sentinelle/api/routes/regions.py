"""``/regions``: published aggregates per region, the timeline, indicators and forecasts."""

from __future__ import annotations

import datetime as dt

from fastapi import Query, Request
from fastapi.responses import Response

from sentinelle.api.deps import CurrentUser, DbSession
from sentinelle.api.pagination import json_with_etag
from sentinelle.api.queries import region_indicators, region_of, region_summaries, timeline
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import IndicatorList, RegionList, RegionSummary, Timeline

router = resource_router("regions")


@router.get("/regions", name="regions.list", response_model=RegionList)
def list_regions(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """Events, fatalities, open alerts and current risk for every region."""
    items = [RegionSummary(**row) for row in region_summaries(session)]
    return json_with_etag(request, RegionList(items=items))


@router.get("/regions/timeline", name="regions.timeline", response_model=Timeline)
def region_timeline(
    request: Request,
    session: DbSession,
    user: CurrentUser,
    since: dt.date | None = Query(None),
) -> Response:
    """Events and fatalities per region and month."""
    return json_with_etag(request, {"items": timeline(session, since)})


@router.get("/regions/{region}/indicators", name="regions.indicators", response_model=IndicatorList)
def indicators(region: str, request: Request, session: DbSession, user: CurrentUser) -> Response:
    """The region's monthly indicators and latest forecasts, from the analysis stage's tables."""
    pcode = region_of(region)
    found = region_indicators(session, pcode)
    body = IndicatorList(
        pcode=pcode,
        available=bool(found["indicators"] or found["forecasts"]),
        indicators=found["indicators"],
        forecasts=found["forecasts"],
    )
    return json_with_etag(request, body)
