"""The ASGI application: the JSON API under /api/v1 with its OpenAPI document."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass

import anyio.to_thread
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from sqlalchemy.pool import QueuePool
from starlette.routing import BaseRoute

from sentinelle import __version__
from sentinelle.api.errors import install_error_handlers
from sentinelle.api.middleware import BodySizeLimit, SecurityHeaders
from sentinelle.api.routes import (
    agreements,
    alerts,
    audit,
    auth,
    boundaries,
    documents,
    events,
    funds,
    health,
    regions,
    responders,
    tokens,
    users,
)
from sentinelle.settings import Settings
from sentinelle.store import Database, open_database
from sentinelle.store.identities import IdentityVault

log = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
# Worker threads when the store's pool has no fixed size; never fewer than MIN (a slow upload
# must not hold every thread).
DEFAULT_BLOCKING_THREADS = 10
MIN_BLOCKING_THREADS = 4
# A request is matched against each router in turn (some 10 us each): the events and alerts
# lists, which carry most of the traffic, come right after the small routers of the session.
RESOURCE_ROUTERS = (
    health,
    auth,
    tokens,
    users,
    audit,
    events,
    alerts,
    boundaries,
    regions,
    documents,
    responders,
    agreements,
    funds,
)


def create_app(
    settings: Settings,
    *,
    database: Database | None = None,
    extra_routers: Sequence[APIRouter] = (),
) -> FastAPI:
    """Build the app for ``settings``: opens (and migrates) the store, mounts every router.

    ``extra_routers`` lets later stages (the dashboard) add their pages to the same app.
    """
    store = database or open_database(settings.database_url, echo=settings.echo_sql)
    owns_store = database is None

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = blocking_threads(store)
        yield
        if owns_store:
            store.dispose()

    app = FastAPI(
        title="Sentinelle",
        version=__version__,
        description="Early warning and rapid reaction for peace processes: events, alerts, "
        "responses. Authenticate with a session cookie (+ X-CSRF-Token on unsafe requests) "
        "or an API token (Authorization: Bearer).",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=f"{API_PREFIX}/docs",
        redoc_url=None,
        lifespan=lifespan,
        # No OpenTelemetry here: off, FastAPI no longer consults the environment per request.
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.state.settings = settings
    app.state.database = store
    app.state.vault = IdentityVault.from_settings(settings)
    install_error_handlers(app)
    for module in RESOURCE_ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX)
    for router in extra_routers:
        app.include_router(router)
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_request_bytes)
    app.add_middleware(SecurityHeaders, tls=settings.tls)
    return app


def blocking_threads(store: Database) -> int:
    """Threads for the routes' blocking work (store queries): as many as pooled connections.

    More threads than connections only contend for the GIL and, past the pool's size, open
    and close a connection per request (SQLite: four PRAGMAs each time).
    """
    pool = store.engine.pool
    size = pool.size() if isinstance(pool, QueuePool) else DEFAULT_BLOCKING_THREADS
    return max(size, MIN_BLOCKING_THREADS)


@dataclass(frozen=True)
class RouteInfo:
    """A named route as the role matrix sees it: its name, full path and methods."""

    name: str
    path: str
    methods: frozenset[str]


def named_routes(app: FastAPI) -> list[RouteInfo]:
    """Every API and page route of ``app`` with its full path (routers flattened)."""
    found: list[RouteInfo] = []
    _collect(app.routes, "", found)
    return found


def _collect(routes: Sequence[BaseRoute], prefix: str, found: list[RouteInfo]) -> None:
    for route in routes:
        if isinstance(route, APIRoute):
            methods = frozenset(route.methods or ())
            found.append(RouteInfo(route.name, prefix + route.path, methods))
            continue
        included = getattr(route, "original_router", None)
        if isinstance(included, APIRouter):
            context = getattr(route, "include_context", None)
            _collect(included.routes, prefix + str(getattr(context, "prefix", "")), found)
