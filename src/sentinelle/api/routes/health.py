"""``/health``: liveness and store check, for load balancers."""

from __future__ import annotations

from sqlalchemy import text

from sentinelle import __version__
from sentinelle.api.deps import DbSession
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import Health

router = resource_router("health")


@router.get("/health", name="health", response_model=Health)
def health(session: DbSession) -> Health:
    """The server is up and the store answers."""
    session.execute(text("SELECT 1"))
    return Health(status="ok", version=__version__)
