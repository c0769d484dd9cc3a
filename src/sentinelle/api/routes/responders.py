"""``/responders``: the contact group's responders, when the rapid-reaction stage has them."""

from __future__ import annotations

from sentinelle.alerts import list_responders as read_responders
from sentinelle.api.deps import CurrentUser, DbSession
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import ResponderList

router = resource_router("responders")


@router.get("/responders", name="responders.list", response_model=ResponderList)
def list_responders(session: DbSession, user: CurrentUser) -> ResponderList:
    """Responders with their roles and regions (contact channels are not shown)."""
    items = [_public(responder) for responder in read_responders(session)]
    return ResponderList(available=True, items=items)


def _public(responder: object) -> dict[str, object]:
    fields = ("id", "name", "role", "regions", "topics", "on_call_order", "active")
    return {name: getattr(responder, name) for name in fields if hasattr(responder, name)}
