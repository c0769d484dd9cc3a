"""``/users``: accounts, for administrators."""

from __future__ import annotations

from fastapi import Query
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from sentinelle.api.auth import create_user, disable_user
from sentinelle.api.deps import CurrentUser, DbSession, RowId
from sentinelle.api.errors import ApiError, ErrorBody
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import UserCreate, UserOut
from sentinelle.errors import NotFound
from sentinelle.store.models import User

router = resource_router("users")


@router.get("/users", name="users.list", response_model=list[UserOut])
def list_users(
    session: DbSession, user: CurrentUser, limit: int = Query(200, ge=1, le=1000)
) -> list[UserOut]:
    """Every account."""
    rows = session.scalars(select(User).order_by(User.id).limit(limit))
    return [UserOut.model_validate(row) for row in rows]


@router.post(
    "/users",
    name="users.create",
    response_model=UserOut,
    status_code=201,
    responses={409: {"model": ErrorBody, "description": "The username is taken"}},
)
def add_user(body: UserCreate, session: DbSession, user: CurrentUser) -> UserOut:
    """Create an account (audited); a taken username is a conflict (409)."""
    name = body.username.strip()
    taken = ApiError(409, "conflict", f"user {name!r} already exists", "username")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise taken
    try:
        created = create_user(
            session, body.username, body.password, body.role, body.regions, actor=user.username
        )
    except IntegrityError:  # taken meanwhile by a request not yet committed when we looked
        raise taken from None
    return UserOut.model_validate(created)


@router.post("/users/{user_id}/disable", name="users.disable", response_model=UserOut)
def disable(user_id: RowId, session: DbSession, user: CurrentUser) -> UserOut:
    """Disable an account, ending its sessions and tokens (audited)."""
    target = session.get(User, user_id)
    if target is None:
        raise NotFound(f"no user {user_id}")
    disable_user(session, target, actor=user.username)
    return UserOut.model_validate(target)
