"""The whole web application: the JSON API plus the dashboard pages and local assets."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from sentinelle.api import create_app as create_api
from sentinelle.settings import Settings
from sentinelle.store import Database
from sentinelle.web.pages import router
from sentinelle.web.rendering import STATIC_DIR, make_templates


def create_app(settings: Settings, *, database: Database | None = None) -> FastAPI:
    """The API and the dashboard in one ASGI app for ``settings`` (never built at import)."""
    app = create_api(settings, database=database, extra_routers=[router])
    app.state.templates = make_templates()
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    return app
