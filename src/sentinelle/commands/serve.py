"""``sentinelle serve``: the web API and dashboard (uvicorn), with the alert scheduler."""

from __future__ import annotations

import logging
import threading

import typer

from sentinelle.commands.context import get_context
from sentinelle.settings import Settings

log = logging.getLogger(__name__)

# How often the server runs the alerts scheduler (assign, escalate, deliver): a minute keeps
# the tightest deadline (30 min to acknowledge a critical alert) well within reach.
TICK_INTERVAL_S = 60.0


def _tick_forever(settings: Settings, stop: threading.Event) -> None:
    """Run ``alerts tick`` every TICK_INTERVAL_S until ``stop`` is set; failures are logged."""
    from sentinelle.alerts import ResponseConfig, tick
    from sentinelle.store import open_database

    database = open_database(settings.database_url, migrate=False)
    config = ResponseConfig.from_settings(settings)
    try:
        while not stop.wait(TICK_INTERVAL_S):
            try:
                tick(database, config)
            except Exception:  # the scheduler must outlive one bad tick
                log.exception("alerts tick failed; retrying in %s s", TICK_INTERVAL_S)
    finally:
        database.dispose()


def serve_app(settings: Settings) -> None:
    """Serve the dashboard and API for ``settings`` until interrupted."""
    import uvicorn

    from sentinelle.web import create_app

    app = create_app(settings)
    stop = threading.Event()
    scheduler = threading.Thread(target=_tick_forever, args=(settings, stop), daemon=True)
    scheduler.start()
    try:
        uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")
    finally:
        stop.set()


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port (default 8000)."),
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, OpenAPI at /api/v1/docs)."""
    cli = get_context(ctx)
    updates = {key: value for key, value in {"host": host, "port": port}.items() if value}
    settings = cli.settings.model_copy(update=updates)
    cli.say(f"Sentinelle on http://{settings.host}:{settings.port}/ (Ctrl+C to stop)")
    serve_app(settings)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the root app."""
    app.command("serve")(serve)
