"""``/tokens``: the caller's API tokens (create, list, revoke)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from sentinelle.api.auth import issue_token, revoke_token
from sentinelle.api.deps import CurrentUser, DbSession, RowId
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import TokenCreate, TokenOut
from sentinelle.errors import NotFound
from sentinelle.store.models import ApiToken, User

router = resource_router("tokens")


@router.get("/tokens", name="tokens.list", response_model=list[TokenOut])
def list_tokens(session: DbSession, user: CurrentUser) -> list[TokenOut]:
    """The caller's tokens (hashes are never shown)."""
    rows = session.scalars(
        select(ApiToken).where(ApiToken.user_id == user.user_id).order_by(ApiToken.id)
    )
    return [TokenOut.model_validate(row) for row in rows]


@router.post("/tokens", name="tokens.create", response_model=TokenOut, status_code=201)
def create_token(body: TokenCreate, session: DbSession, user: CurrentUser) -> TokenOut:
    """A new token for the caller; its secret is in this response only."""
    owner = session.get(User, user.user_id)
    if owner is None:
        raise NotFound("the caller's account no longer exists")
    ttl = dt.timedelta(days=body.days) if body.days else None
    token, secret = issue_token(
        session, owner, body.name, [s.value for s in body.scopes], actor=user.username, ttl=ttl
    )
    out = TokenOut.model_validate(token)
    out.secret = secret
    return out


@router.delete("/tokens/{token_id}", name="tokens.revoke", status_code=204)
def delete_token(token_id: RowId, session: DbSession, user: CurrentUser) -> None:
    """Revoke one of the caller's tokens."""
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.user_id:
        raise NotFound(f"no token {token_id}")
    revoke_token(session, token, actor=user.username)
