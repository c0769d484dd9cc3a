"""``/boundaries``: Mali's regions and cercles as GeoJSON (OCHA COD-AB, simplified)."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import Response

from sentinelle.api.deps import CurrentUser
from sentinelle.api.pagination import json_with_etag
from sentinelle.api.routes import resource_router
from sentinelle.store import admin1_regions, admin2_cercles

router = resource_router("boundaries")


@router.get("/boundaries/admin1", name="boundaries.admin1", response_model=dict[str, Any])
def regions(request: Request, user: CurrentUser) -> Response:
    """Regions (admin1) as a GeoJSON FeatureCollection."""
    return json_with_etag(request, admin1_regions())


@router.get("/boundaries/admin2", name="boundaries.admin2", response_model=dict[str, Any])
def cercles(request: Request, user: CurrentUser) -> Response:
    """Cercles (admin2) as a GeoJSON FeatureCollection."""
    return json_with_etag(request, admin2_cercles())
