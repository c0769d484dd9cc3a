"""``sentinelle serve``: the web API and dashboard (uvicorn)."""

from __future__ import annotations

import typer

from sentinelle.commands.context import get_context
from sentinelle.settings import Settings


def serve_app(settings: Settings) -> None:
    """Serve the dashboard and API for ``settings`` until interrupted."""
    import uvicorn

    from sentinelle.web import create_app

    app = create_app(settings)
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="warning")


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
