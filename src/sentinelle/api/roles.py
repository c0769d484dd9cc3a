"""The role matrix: the one place that decides which role may call which route.

Every route of the API and the dashboard is named, and ``ROUTE_PERMISSIONS`` maps each name to
the permission it needs; a route missing from the map is refused to everyone (fail closed).
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    """What a person does in the peace process; decides what Sentinelle lets them see and do."""

    ADMIN = "admin"
    ANALYST = "analyst"
    VERIFIER = "verifier"
    RESPONDER = "responder"
    COORDINATOR = "coordinator"
    DONOR = "donor"
    LOCAL_AUTHORITY = "local_authority"
    OBSERVER = "observer"


class Permission(enum.StrEnum):
    """One thing a route does; roles are granted sets of these."""

    PUBLIC = "public"
    AUTHENTICATED = "authenticated"
    READ_AGGREGATES = "read_aggregates"
    READ_EVENTS = "read_events"
    EXPORT_EVENTS = "export_events"
    READ_DOCUMENTS = "read_documents"
    UPLOAD_DOCUMENTS = "upload_documents"
    READ_REPORTER_IDENTITY = "read_reporter_identity"
    READ_ALERTS = "read_alerts"
    ACKNOWLEDGE_ALERTS = "acknowledge_alerts"
    VERIFY_ALERTS = "verify_alerts"
    ASSESS_ALERTS = "assess_alerts"
    RESPOND_ALERTS = "respond_alerts"
    READ_RESPONDERS = "read_responders"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"


P = Permission
_READER = {P.READ_AGGREGATES, P.READ_EVENTS, P.READ_DOCUMENTS, P.READ_ALERTS}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission) - {P.PUBLIC},
    Role.ANALYST: frozenset(
        _READER | {P.EXPORT_EVENTS, P.UPLOAD_DOCUMENTS, P.ACKNOWLEDGE_ALERTS, P.READ_RESPONDERS}
    ),
    # Verifiers check reports with their sources, so they may see who reported.
    Role.VERIFIER: frozenset(
        _READER | {P.READ_REPORTER_IDENTITY, P.ACKNOWLEDGE_ALERTS, P.VERIFY_ALERTS}
    ),
    Role.RESPONDER: frozenset(_READER | {P.ACKNOWLEDGE_ALERTS, P.RESPOND_ALERTS}),
    Role.COORDINATOR: frozenset(
        _READER
        | {
            P.EXPORT_EVENTS,
            P.ACKNOWLEDGE_ALERTS,
            P.ASSESS_ALERTS,
            P.RESPOND_ALERTS,
            P.READ_RESPONDERS,
            P.READ_AUDIT,
        }
    ),
    Role.DONOR: frozenset({P.READ_AGGREGATES}),
    Role.LOCAL_AUTHORITY: frozenset(_READER),
    Role.OBSERVER: frozenset({P.READ_AGGREGATES}),
}
for _role in Role:
    ROLE_PERMISSIONS[_role] = ROLE_PERMISSIONS[_role] | {P.AUTHENTICATED}

# These roles see only events, documents and alerts of the regions they are assigned.
REGION_SCOPED_ROLES = frozenset({Role.RESPONDER, Role.LOCAL_AUTHORITY})

ROUTE_PERMISSIONS: dict[str, Permission] = {
    # API
    "health": P.PUBLIC,
    "auth.login": P.PUBLIC,
    "auth.logout": P.AUTHENTICATED,
    "auth.me": P.AUTHENTICATED,
    "tokens.list": P.AUTHENTICATED,
    "tokens.create": P.AUTHENTICATED,
    "tokens.revoke": P.AUTHENTICATED,
    "users.list": P.MANAGE_USERS,
    "users.create": P.MANAGE_USERS,
    "users.disable": P.MANAGE_USERS,
    "audit.list": P.READ_AUDIT,
    "audit.verify": P.READ_AUDIT,
    "boundaries.admin1": P.READ_AGGREGATES,
    "boundaries.admin2": P.READ_AGGREGATES,
    "regions.list": P.READ_AGGREGATES,
    "regions.timeline": P.READ_AGGREGATES,
    "regions.indicators": P.READ_AGGREGATES,
    "events.list": P.READ_EVENTS,
    "events.show": P.READ_EVENTS,
    "events.geojson": P.READ_EVENTS,
    "events.csv": P.EXPORT_EVENTS,
    "documents.list": P.READ_DOCUMENTS,
    "documents.show": P.READ_DOCUMENTS,
    "documents.create": P.UPLOAD_DOCUMENTS,
    "documents.upload": P.UPLOAD_DOCUMENTS,
    "field_reports.create": P.UPLOAD_DOCUMENTS,
    "documents.reporter": P.READ_REPORTER_IDENTITY,
    "alerts.list": P.READ_ALERTS,
    "alerts.show": P.READ_ALERTS,
    "alerts.acknowledge": P.ACKNOWLEDGE_ALERTS,
    "alerts.verify": P.VERIFY_ALERTS,
    "alerts.discard": P.VERIFY_ALERTS,
    "alerts.assess": P.ASSESS_ALERTS,
    "alerts.monitor": P.ASSESS_ALERTS,
    "alerts.respond": P.RESPOND_ALERTS,
    "alerts.resolve": P.RESPOND_ALERTS,
    "responders.list": P.READ_RESPONDERS,
    "agreements.list": P.READ_AGGREGATES,
    "agreements.scores": P.READ_AGGREGATES,
    "funds.allocation": P.READ_AGGREGATES,
    # dashboard
    "web.login_form": P.PUBLIC,
    "web.login": P.PUBLIC,
    "web.logout": P.AUTHENTICATED,
    "web.language": P.PUBLIC,
    "web.map": P.READ_AGGREGATES,
    "web.timeline": P.READ_AGGREGATES,
    "web.alerts": P.READ_ALERTS,
    "web.alert_action": P.ACKNOWLEDGE_ALERTS,
    "web.event": P.READ_EVENTS,
    "web.upload_form": P.UPLOAD_DOCUMENTS,
    "web.upload": P.UPLOAD_DOCUMENTS,
}

# The lifecycle action behind each alert route, and the permission each action needs.
ALERT_ACTION_PERMISSIONS: dict[str, Permission] = {
    "acknowledge": P.ACKNOWLEDGE_ALERTS,
    "verify": P.VERIFY_ALERTS,
    "discard": P.VERIFY_ALERTS,
    "monitor": P.ASSESS_ALERTS,
    "assess": P.ASSESS_ALERTS,
    "respond": P.RESPOND_ALERTS,
    "resolve": P.RESPOND_ALERTS,
}


def permission_for(route_name: str | None) -> Permission | None:
    """The permission a route needs; None for a route the matrix does not know (refused)."""
    return ROUTE_PERMISSIONS.get(route_name or "")


def role_allows(role: Role, permission: Permission) -> bool:
    """True when ``role`` may use routes needing ``permission``."""
    return permission is Permission.PUBLIC or permission in ROLE_PERMISSIONS[role]
