"""One router per resource; every route is named and decided by the role matrix."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from sentinelle.api.deps import authorize
from sentinelle.api.errors import ERROR_RESPONSES


def resource_router(tag: str) -> APIRouter:
    """A router whose every route passes the role matrix first."""
    return APIRouter(tags=[tag], dependencies=[Depends(authorize)], responses=ERROR_RESPONSES)
