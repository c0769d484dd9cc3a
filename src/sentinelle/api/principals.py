"""A short-lived, per-process memory of which credential stands for which principal.

Looking a token up costs a worker-thread hop and a query on every request, more than a page
of events itself. A principal found is kept for PRINCIPAL_TTL_S at most (never past its
credential's expiry); revoking a token, closing a session or disabling a user forgets it at
once in this process, and other processes (other server workers, the CLI) see the change
within PRINCIPAL_TTL_S.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sentinelle.api.auth import Principal

# How long another process's revocation may go unseen: short enough for an incident
# response, long enough that a busy client is looked up about once per interval.
PRINCIPAL_TTL_S = 2.0
# Entries kept at most; past that the memory starts again empty (tokens are few in practice).
MAX_PRINCIPALS = 10_000

_Key = tuple[str, str]  # (database URL, credential digest)
_remembered: dict[_Key, tuple[Principal, float]] = {}


def recall(database_url: str, credential_digest: str) -> Principal | None:
    """The principal remembered for this credential, if still fresh."""
    found = _remembered.get((database_url, credential_digest))
    if found is None:
        return None
    principal, fresh_until = found
    if time.monotonic() >= fresh_until:
        _remembered.pop((database_url, credential_digest), None)
        return None
    return principal


def remember(
    database_url: str,
    credential_digest: str,
    principal: Principal,
    expires_at: dt.datetime | None,
) -> None:
    """Keep ``principal`` for PRINCIPAL_TTL_S, or until the credential expires if sooner."""
    ttl = PRINCIPAL_TTL_S
    if expires_at is not None:
        ttl = min(ttl, (expires_at - dt.datetime.now(dt.UTC)).total_seconds())
    if ttl <= 0:
        return
    if len(_remembered) >= MAX_PRINCIPALS:
        _remembered.clear()
    _remembered[(database_url, credential_digest)] = (principal, time.monotonic() + ttl)


def forget_credential(credential_digest: str) -> None:
    """Forget a revoked token or a closed session, in every store."""
    for key in [key for key in list(_remembered) if key[1] == credential_digest]:
        _remembered.pop(key, None)


def forget_user(user_id: int) -> None:
    """Forget every credential of a disabled user (any store with that id: harmless)."""
    for key, (principal, _) in list(_remembered.items()):
        if principal.user_id == user_id:
            _remembered.pop(key, None)
