"""API: the JSON web API under /api/v1, with authentication, roles and audit."""

from sentinelle.api.app import API_PREFIX, create_app
from sentinelle.api.audit import ChainReport, record_change, verify_chain
from sentinelle.api.auth import (
    Principal,
    create_user,
    disable_user,
    find_user,
    issue_token,
    revoke_token,
)
from sentinelle.api.roles import ROLE_PERMISSIONS, ROUTE_PERMISSIONS, Permission, Role
from sentinelle.store.identities import IdentityVault

__all__ = [
    "API_PREFIX",
    "ROLE_PERMISSIONS",
    "ROUTE_PERMISSIONS",
    "ChainReport",
    "IdentityVault",
    "Permission",
    "Principal",
    "Role",
    "create_app",
    "create_user",
    "disable_user",
    "find_user",
    "issue_token",
    "record_change",
    "revoke_token",
    "verify_chain",
]
