"""``sentinelle serve``: the web API and dashboard (uvicorn), with the alert scheduler."""

from __future__ import annotations

import functools
import gc
import logging
import threading
from typing import TYPE_CHECKING

import typer

from sentinelle.commands.context import get_context
from sentinelle.commands.schedule import Scheduler
from sentinelle.settings import Settings

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger(__name__)

# A worker imports the whole pipeline before it serves; uvicorn's 5 s health check would kill
# and restart workers that are merely slow to start on a busy machine.
WORKER_HEALTHCHECK_S = 60


def serve_app(settings: Settings, workers: int = 1) -> None:
    """Serve the dashboard and API for ``settings`` until interrupted.

    With several ``workers`` uvicorn spawns that many server processes, each on its own
    socket of the port (``commands/workers.py``); this process migrates the store once,
    supervises them and runs the alerts scheduler alone.
    """
    import uvicorn

    from sentinelle.commands.workers import check_port_free

    check_port_free(settings.host, settings.port)
    stop = threading.Event()
    scheduler = threading.Thread(target=Scheduler(settings).run, args=(stop,), daemon=True)
    try:
        if workers == 1:
            app = worker_app(settings)
            scheduler.start()
            # Access lines would sit below the warning level anyway; off, none is formatted.
            uvicorn.run(
                app, host=settings.host, port=settings.port, log_level="warning", access_log=False
            )
            return
        from sentinelle.commands.workers import ReusePortWorkers
        from sentinelle.store import open_database

        open_database(settings.database_url).dispose()
        # The settings travel to each worker pickled with the config (workers are spawned),
        # never through the environment, so secrets such as reporter_key stay out of it.
        config = uvicorn.Config(
            functools.partial(worker_app, settings),
            factory=True,
            host=settings.host,
            port=settings.port,
            workers=workers,
            log_level="warning",
            access_log=False,
            timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
        )
        supervisor = ReusePortWorkers(config)
        scheduler.start()
        supervisor.run()
    finally:
        stop.set()


def worker_app(settings: Settings) -> FastAPI:
    """The app one server process runs, its startup objects frozen out of garbage collection.

    Importing the pipeline leaves some 240,000 long-lived objects; each full collection walked
    them all (about 120 ms on this project's machine, a pause in the middle of requests).
    Frozen, the collector only looks at what requests allocate.
    """
    from sentinelle.web import create_app

    app = create_app(settings)
    gc.freeze()
    return app


def serve(
    ctx: typer.Context,
    host: str | None = typer.Option(
        None, "--host", help="Address to listen on (default 127.0.0.1)."
    ),
    port: int | None = typer.Option(None, "--port", min=1, max=65535, help="Port (default 8000)."),
    workers: int = typer.Option(
        1,
        "--workers",
        min=1,
        max=64,
        help="Server processes sharing the port (about one per CPU core).",
    ),
) -> None:
    """Serve the dashboard and the JSON API (/api/v1, OpenAPI at /api/v1/docs)."""
    cli = get_context(ctx)
    updates = {key: value for key, value in {"host": host, "port": port}.items() if value}
    settings = cli.settings.model_copy(update=updates)
    plural = f", {workers} workers" if workers > 1 else ""
    cli.say(f"Sentinelle on http://{settings.host}:{settings.port}/{plural} (Ctrl+C to stop)")
    serve_app(settings, workers)


def register(app: typer.Typer) -> None:
    """Add ``serve`` to the root app."""
    app.command("serve")(serve)
