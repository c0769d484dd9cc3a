"""``/agreements``: peace agreements and their implementation scores (published aggregates)."""

from __future__ import annotations

import datetime as dt

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import BaseModel

from sentinelle.accord import compute_scores, list_agreements
from sentinelle.api.deps import CurrentUser, DbSession
from sentinelle.api.pagination import json_with_etag
from sentinelle.api.routes import resource_router

router = resource_router("agreements")


class AgreementOut(BaseModel):
    """An imported agreement."""

    code: str
    title: str
    first_signed_on: dt.date
    illustrative: bool


class ScoreOut(BaseModel):
    """Implementation of one group of commitments (theme, party, region) on a date."""

    on: dt.date
    dimension: str
    key: str
    commitments: int
    points: int
    max_points: int
    score: float


class AgreementList(BaseModel):
    """Every imported agreement."""

    items: list[AgreementOut]


class ScoreList(BaseModel):
    """Scores of an agreement on a date."""

    agreement: str
    items: list[ScoreOut]


@router.get("/agreements", name="agreements.list", response_model=AgreementList)
def agreements(request: Request, session: DbSession, user: CurrentUser) -> Response:
    """Every imported agreement."""
    items = [
        AgreementOut(
            code=row.code,
            title=row.title,
            first_signed_on=row.first_signed_on,
            illustrative=row.illustrative,
        )
        for row in list_agreements(session)
    ]
    return json_with_etag(request, AgreementList(items=items))


@router.get("/agreements/{code}/scores", name="agreements.scores", response_model=ScoreList)
def scores(
    code: str,
    request: Request,
    session: DbSession,
    user: CurrentUser,
    on: dt.date | None = Query(None, description="Date of the scores (default today)"),
) -> Response:
    """Implementation scores per theme, party and region on a date (Peace Accords Matrix)."""
    day = on or dt.datetime.now(dt.UTC).date()
    items = [
        ScoreOut(**{k: v for k, v in score.as_record().items() if k in ScoreOut.model_fields})
        for score in compute_scores(session, day, agreement=code)
    ]
    return json_with_etag(request, ScoreList(agreement=code, items=items))
