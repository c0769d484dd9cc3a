"""``/auth``: log in (session cookie + CSRF token), log out, who am I."""

from __future__ import annotations

from fastapi import Request, Response

from sentinelle.api.auth import check_login, close_session, open_session, too_many_failures
from sentinelle.api.deps import (
    SESSION_COOKIE,
    AppSettings,
    CurrentUser,
    DbSession,
    client_ip,
)
from sentinelle.api.errors import ApiError
from sentinelle.api.routes import resource_router
from sentinelle.api.schemas import LoginRequest, Me
from sentinelle.settings import Settings

router = resource_router("auth")


def login_or_refuse(
    session: DbSession, request: Request, username: str, password: str
) -> tuple[str, str, Me]:
    """Check credentials under the rate limit; the new session's cookie, CSRF token and user."""
    ip = client_ip(request)
    if too_many_failures(session, username, ip):
        raise ApiError(
            429,
            "too_many_attempts",
            "too many failed logins; try again in 15 minutes",
            headers={"retry-after": "900"},
        )
    user = check_login(session, username, password, ip)
    if user is None:
        session.commit()  # keep the failed attempt even though the request fails
        raise ApiError(401, "bad_credentials", "wrong username or password")
    cookie, csrf = open_session(session, user, request.app.state.settings.session_hours)
    me = Me(username=user.username, role=user.role, regions=user.regions, via="session")
    me.csrf_token = csrf
    return cookie, csrf, me


def set_session_cookie(
    response: Response, request: Request, settings: Settings, value: str
) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure over TLS."""
    response.set_cookie(
        SESSION_COOKIE,
        value,
        max_age=int(settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=settings.tls or request.url.scheme == "https",
        path="/",
    )


@router.post("/auth/login", name="auth.login", response_model=Me)
def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: DbSession,
    settings: AppSettings,
) -> Me:
    """Log in; sets the session cookie and returns the CSRF token for unsafe requests."""
    cookie, _csrf, me = login_or_refuse(session, request, body.username, body.password)
    set_session_cookie(response, request, settings, cookie)
    return me


@router.post("/auth/logout", name="auth.logout", status_code=204)
def logout(request: Request, response: Response, session: DbSession, user: CurrentUser) -> None:
    """End the browser session."""
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        close_session(session, cookie)
    response.delete_cookie(SESSION_COOKIE, path="/")


@router.get("/auth/me", name="auth.me", response_model=Me)
def me(user: CurrentUser) -> Me:
    """The caller, with the CSRF token of their session."""
    return Me(
        username=user.username,
        role=user.role,
        regions=list(user.regions),
        via=user.via,
        csrf_token=user.csrf_token,
    )
