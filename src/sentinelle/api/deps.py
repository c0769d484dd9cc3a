"""Typed dependencies: the store session, the settings, and the authorised caller."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Path, Request
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from sentinelle.api.auth import (
    Principal,
    digest,
    principal_from_session,
    principal_from_token,
)
from sentinelle.api.errors import ApiError, LoginRequired
from sentinelle.api.principals import recall, remember
from sentinelle.api.roles import Permission, permission_for, role_allows
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.store.identities import IdentityVault

log = logging.getLogger(__name__)

SESSION_COOKIE = "sentinelle_session"
LANGUAGE_COOKIE = "sentinelle_lang"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Row ids are 32-bit integers on PostgreSQL; a larger one names no row and would overflow the
# database driver (a 500), so it is refused as invalid input instead.
MAX_ROW_ID = 2**31 - 1
RowId = Annotated[int, Path(ge=0, le=MAX_ROW_ID)]


def app_database(request: Request) -> Database:
    """The store the app was created with (for hot routes that skip a dependency)."""
    database: Database = request.app.state.database
    return database


def app_settings(request: Request) -> Settings:
    """The settings the app was created with (for hot routes that skip a dependency)."""
    settings: Settings = request.app.state.settings
    return settings


async def get_database(request: Request) -> Database:
    """The store the app was created with."""
    return app_database(request)


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    return app_settings(request)


async def get_vault(request: Request) -> IdentityVault | None:
    """The reporter-identity vault, or None when no key is configured."""
    vault: IdentityVault | None = request.app.state.vault
    return vault


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """One store session per request, committed when the route succeeds."""
    with database.session() as session:
        yield session


DbSession = Annotated[Session, Depends(get_session)]
AppDatabase = Annotated[Database, Depends(get_database)]
AppSettings = Annotated[Settings, Depends(get_settings)]
Vault = Annotated[IdentityVault | None, Depends(get_vault)]


async def get_principal(request: Request) -> Principal | None:
    """The caller from a Bearer token or a session cookie, or None when anonymous.

    A credential seen within the last seconds is answered from memory (see ``principals``);
    otherwise one lookup, in a worker thread, answers every request waiting on it. The store
    is read from the app's state, not through another dependency: each one solved costs
    every request some 20 to 40 microseconds.
    """
    database = app_database(request)
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        principal = await _principal(database, principal_from_token, header[7:].strip())
        if principal is None:
            raise LoginRequired()
        return principal
    cookie = request.cookies.get(SESSION_COOKIE)
    return await _principal(database, principal_from_session, cookie) if cookie else None


_Lookup = Callable[[Database, str], Principal | None]
# Lookups under way, by (store URL, credential digest): when a remembered credential lapses,
# the dozens of requests a busy client has in flight share one query instead of each its own.
_pending: dict[tuple[str, str], asyncio.Future[Principal | None]] = {}


async def _principal(database: Database, find: _Lookup, credential: str) -> Principal | None:
    key = digest(credential)
    principal = recall(database.url, key)
    if principal is not None:
        return principal
    pending = _pending.get((database.url, key))
    if pending is None or pending.get_loop() is not asyncio.get_running_loop():
        pending = asyncio.ensure_future(_look_up(database, find, credential, key))
        _pending[(database.url, key)] = pending
        pending.add_done_callback(lambda done: _forget_pending(database.url, key, done))
    # Shielded: a client that disconnects must not cancel the lookup others wait on.
    return await asyncio.shield(pending)


async def _look_up(
    database: Database, find: _Lookup, credential: str, key: str
) -> Principal | None:
    principal = await run_in_threadpool(find, database, credential)
    if principal is not None:
        remember(database.url, key, principal, principal.expires_at)
    return principal


def _forget_pending(url: str, key: str, done: asyncio.Future[Principal | None]) -> None:
    if _pending.get((url, key)) is done:
        del _pending[(url, key)]


async def authorize(request: Request) -> Principal | None:
    """Apply the role matrix to the matched route; CSRF and token scope on unsafe methods.

    The caller is found here rather than through a dependency of its own: routes depend on
    this function twice (their router and CurrentUser), and FastAPI solves a dependency's own
    dependencies again each time before it looks in its per-request cache.
    """
    principal = await get_principal(request)
    route = request.scope.get("route")
    permission = permission_for(getattr(route, "name", None))
    if permission is None:
        log.error("route %s is missing from the role matrix: refused", request.url.path)
        raise ApiError(403, "forbidden", "this route is not in the role matrix")
    if permission is Permission.PUBLIC:
        return principal
    if principal is None:
        raise LoginRequired()
    if not role_allows(principal.role, permission):
        raise ApiError(403, "forbidden", f"the {principal.role.value} role may not do this")
    if request.method not in SAFE_METHODS:
        await _check_unsafe(request, principal)
    return principal


async def _check_unsafe(request: Request, principal: Principal) -> None:
    if principal.via == "token":
        if "write" not in principal.scopes:
            raise ApiError(403, "forbidden", "this API token has no write scope")
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and "form" in request.headers.get("content-type", ""):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    expected = principal.csrf_token or ""
    if not sent or not hmac.compare_digest(sent, expected):
        raise ApiError(403, "csrf", "missing or wrong CSRF token", field=CSRF_FIELD)


async def require_principal(
    principal: Annotated[Principal | None, Depends(authorize)],
) -> Principal:
    """The authorised caller of a route that needs one."""
    if principal is None:
        raise LoginRequired()
    return principal


Authorized = Annotated[Principal | None, Depends(authorize)]
CurrentUser = Annotated[Principal, Depends(require_principal)]


def client_ip(request: Request) -> str:
    """The client's address as the server saw it (no trust in forwarded headers)."""
    return request.client.host if request.client else "unknown"
