"""Users, passwords (argon2id), API tokens and browser sessions (hashed at rest), login limits."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from sentinelle.api.audit import record_change
from sentinelle.api.principals import forget_credential, forget_user
from sentinelle.api.regions import normalise_regions
from sentinelle.api.roles import REGION_SCOPED_ROLES, Role
from sentinelle.errors import InputError, NotFound
from sentinelle.store import Database
from sentinelle.store.models import ApiToken, LoginAttempt, User, WebSession, utcnow

log = logging.getLogger(__name__)

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile (64 MiB, t=3).
_HASHER = PasswordHasher()
# NIST SP 800-63B: at least 8 characters; we ask a little more of shared accounts.
MIN_PASSWORD_LENGTH = 10
# At most this many failed logins per account and per address within the window (then 429).
MAX_FAILURES = 10
FAILURE_WINDOW = dt.timedelta(minutes=15)
TOKEN_PREFIX = "snt_"
TOKEN_SCOPES = ("read", "write")


@dataclass(frozen=True)
class Principal:
    """Who is calling: a user, how they authenticated, and what their credential allows."""

    user_id: int
    username: str
    role: Role
    regions: tuple[str, ...]
    via: str  # "session" or "token"
    scopes: tuple[str, ...] = TOKEN_SCOPES
    csrf_token: str | None = None
    expires_at: dt.datetime | None = None  # when the credential itself lapses

    @property
    def scoped_regions(self) -> tuple[str, ...] | None:
        """The admin1 p-codes this principal is limited to, or None when it sees every region."""
        return self.regions if self.role in REGION_SCOPED_ROLES else None


def digest(secret: str) -> str:
    """The SHA-256 kept in place of a token: high-entropy secrets need no slow hash."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``, refusing ones too short to resist guessing."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters", field="password"
        )
    return _HASHER.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    """True when ``password`` matches; a malformed stored hash never matches."""
    try:
        return _HASHER.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def create_user(
    session: Session,
    username: str,
    password: str,
    role: Role,
    regions: Sequence[str] = (),
    *,
    actor: str,
) -> User:
    """Add a user (audited); scoped roles must name their regions."""
    name = username.strip()
    if not name or len(name) > 64:
        raise InputError("a username has 1 to 64 characters", field="username")
    if session.scalar(select(User.id).where(User.username == name)) is not None:
        raise InputError(f"user {name!r} already exists", field="username")
    pcodes = normalise_regions(regions)
    if role in REGION_SCOPED_ROLES and not pcodes:
        raise InputError(f"a {role.value} must be assigned at least one region", field="regions")
    user = User(username=name, password_hash=hash_password(password), role=role.value)
    user.regions = list(pcodes)
    session.add(user)
    session.flush()
    record_change(session, actor, "user.create", "user", user.id, None, user_snapshot(user))
    return user


def user_snapshot(user: User) -> dict[str, object]:
    """What the audit log keeps of a user (never the password hash)."""
    return {
        "username": user.username,
        "role": user.role,
        "regions": list(user.regions),
        "disabled": user.disabled,
    }


def find_user(session: Session, username: str) -> User:
    """The user named ``username``, or NotFound."""
    user = session.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"no user named {username!r}")
    return user


def disable_user(session: Session, user: User, *, actor: str) -> None:
    """Disable a user and end their sessions and tokens (audited)."""
    before = user_snapshot(user)
    user.disabled = True
    now = utcnow()
    for token in session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)):
        token.revoked_at = token.revoked_at or now
    for web_session in session.scalars(select(WebSession).where(WebSession.user_id == user.id)):
        session.delete(web_session)
    session.flush()
    forget_user(user.id)
    record_change(session, actor, "user.disable", "user", user.id, before, user_snapshot(user))


def issue_token(
    session: Session,
    user: User,
    name: str,
    scopes: Sequence[str],
    *,
    actor: str,
    ttl: dt.timedelta | None = None,
) -> tuple[ApiToken, str]:
    """Create an API token; the secret is returned once and only its hash is stored."""
    unknown = sorted(set(scopes) - set(TOKEN_SCOPES))
    if unknown or not scopes:
        raise InputError(f"scopes must be among {', '.join(TOKEN_SCOPES)}", field="scopes")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name, token_hash=digest(secret))
    token.scopes = sorted(set(scopes))
    token.expires_at = utcnow() + ttl if ttl else None
    session.add(token)
    session.flush()
    after = {"user": user.username, "name": name, "scopes": token.scopes}
    record_change(session, actor, "token.create", "api_token", token.id, None, after)
    return token, secret


def revoke_token(session: Session, token: ApiToken, *, actor: str) -> None:
    """Revoke a token now (audited); a revoked token never authenticates again."""
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        session.flush()
        forget_credential(token.token_hash)
        after = {"revoked_at": token.revoked_at.isoformat()}
        record_change(session, actor, "token.revoke", "api_token", token.id, None, after)


# The credential lookups, built once: one select on the hash's unique index, joined to the
# user, so revocation, expiry and a disabled account take effect on the very next request.
_TOKEN_PRINCIPAL = (
    select(User.id, User.username, User.role, User.regions, ApiToken.scopes, ApiToken.expires_at)
    .join(User, User.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("digest"),
        ApiToken.revoked_at.is_(None),
        or_(ApiToken.expires_at.is_(None), ApiToken.expires_at > bindparam("now")),
        User.disabled.is_(False),
    )
)
_SESSION_PRINCIPAL = (
    select(
        User.id,
        User.username,
        User.role,
        User.regions,
        WebSession.csrf_token,
        WebSession.expires_at,
    )
    .join(User, User.id == WebSession.user_id)
    .where(
        WebSession.token_hash == bindparam("digest"),
        WebSession.expires_at > bindparam("now"),
        User.disabled.is_(False),
    )
)


def principal_from_token(database: Database, secret: str) -> Principal | None:
    """The principal of a valid, unrevoked, unexpired token of an enabled user."""
    found = database.read_rows(_TOKEN_PRINCIPAL, {"digest": digest(secret), "now": utcnow()})
    if not found:
        return None
    user_id, username, role, regions, scopes, expires_at = tuple(found[0])
    return Principal(
        user_id, username, Role(role), tuple(regions), "token", tuple(scopes), None, expires_at
    )


def principal_from_session(database: Database, cookie: str) -> Principal | None:
    """The principal of a live browser session of an enabled user."""
    found = database.read_rows(_SESSION_PRINCIPAL, {"digest": digest(cookie), "now": utcnow()})
    if not found:
        return None
    user_id, username, role, regions, csrf, expires_at = tuple(found[0])
    return Principal(
        user_id, username, Role(role), tuple(regions), "session", TOKEN_SCOPES, csrf, expires_at
    )


def too_many_failures(session: Session, username: str, ip: str) -> bool:
    """True when the account or the address has failed MAX_FAILURES times in the window."""
    since = utcnow() - FAILURE_WINDOW
    failures = select(func.count()).select_from(LoginAttempt)
    failures = failures.where(LoginAttempt.succeeded.is_(False), LoginAttempt.at > since)
    by_user = session.scalar(failures.where(LoginAttempt.username == username)) or 0
    by_ip = session.scalar(failures.where(LoginAttempt.ip == ip)) or 0
    return by_user >= MAX_FAILURES or by_ip >= MAX_FAILURES


def check_login(session: Session, username: str, password: str, ip: str) -> User | None:
    """The user when the password matches an enabled account; every try is recorded."""
    user = session.scalar(select(User).where(User.username == username))
    # An unknown account costs a verification too, so timing does not reveal which names exist.
    stored = user.password_hash if user is not None else _dummy_hash()
    matches = verify_password(stored, password)
    ok = user is not None and not user.disabled and matches
    session.add(LoginAttempt(username=username[:64], ip=ip[:64], succeeded=ok))
    session.flush()
    if not ok:
        log.info("failed login for account %r from %s", username[:64], ip)
        return None
    return user


@cache
def _dummy_hash() -> str:
    return _HASHER.hash(secrets.token_urlsafe(16))


def open_session(session: Session, user: User, hours: float) -> tuple[str, str]:
    """Start a browser session; returns the cookie value and its CSRF token."""
    cookie, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = utcnow() + dt.timedelta(hours=hours)
    session.add(
        WebSession(user_id=user.id, token_hash=digest(cookie), csrf_token=csrf, expires_at=expires)
    )
    session.flush()
    return cookie, csrf


def close_session(session: Session, cookie: str) -> None:
    """End the browser session behind ``cookie``."""
    web_session = session.scalar(select(WebSession).where(WebSession.token_hash == digest(cookie)))
    if web_session is not None:
        session.delete(web_session)
        session.flush()
    forget_credential(digest(cookie))
