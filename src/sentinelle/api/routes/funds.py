"""``/funds``: money pledged, committed, disbursed and spent per region and community."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response
from pydantic import BaseModel

from sentinelle.api.deps import CurrentUser
from sentinelle.api.pagination import json_with_etag
from sentinelle.api.routes import resource_router
from sentinelle.funds import allocation_report
from sentinelle.store import Database

router = resource_router("funds")


class AllocationOut(BaseModel):
    """Money to one region or community in one currency, in minor units."""

    level: str
    key: str
    name: str
    currency: str
    pledged: int
    committed: int
    disbursed: int
    spent: int
    projects: int


class AllocationList(BaseModel):
    """The allocation report."""

    items: list[AllocationOut]


@router.get("/funds/allocation", name="funds.allocation", response_model=AllocationList)
def allocation(request: Request, user: CurrentUser) -> Response:
    """Pledged, committed, disbursed and spent per region and per community served."""
    database: Database = request.app.state.database
    items = [
        AllocationOut(
            level=str(getattr(row.level, "value", row.level)),
            key=row.key,
            name=row.name,
            currency=row.currency,
            pledged=row.pledged,
            committed=row.committed,
            disbursed=row.disbursed,
            spent=row.spent,
            projects=len(row.projects),
        )
        for row in allocation_report(database)
    ]
    return json_with_etag(request, AllocationList(items=items))
