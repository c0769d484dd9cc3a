"""One error body everywhere: ``{"error": {"code", "message", "field"}}``, with the right status."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from sentinelle.errors import (
    IllegalTransition,
    InputError,
    NotFound,
    PermissionDenied,
    SentinelleError,
)

log = logging.getLogger(__name__)


class ErrorDetail(BaseModel):
    """What went wrong: a stable code, a sentence for people, and the input field if any."""

    code: str
    message: str
    field: str | None = None


class ErrorBody(BaseModel):
    """The body of every error response."""

    error: ErrorDetail


class ApiError(Exception):
    """An HTTP error raised by a route or dependency, rendered as an ErrorBody."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.headers = headers or {}


class LoginRequired(ApiError):
    """No valid credential: 401 for the API, a redirect to the login page for the dashboard."""

    def __init__(self) -> None:
        super().__init__(401, "unauthenticated", "log in or send a valid API token")


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in [
        (400, "Bad request"),
        (401, "Not authenticated"),
        (403, "Not allowed for this role"),
        (404, "Not found"),
        (413, "Request too large"),
        (422, "Invalid input"),
        (429, "Too many failed logins"),
    ]
}


def error_response(
    status: int, code: str, message: str, field: str | None = None, **headers: str
) -> JSONResponse:
    """A JSON error response with the standard body."""
    body = ErrorBody(error=ErrorDetail(code=code, message=message, field=field))
    return JSONResponse(body.model_dump(), status_code=status, headers=headers or None)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get(
        "accept", ""
    )


async def _api_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, ApiError):
        raise exc
    if isinstance(exc, LoginRequired) and _wants_html(request):
        return RedirectResponse(f"/login?next={request.url.path}", status_code=303)
    return error_response(exc.status, exc.code, exc.message, exc.field, **exc.headers)


async def _sentinelle_error(request: Request, exc: Exception) -> Response:
    if isinstance(exc, NotFound):
        return error_response(404, "not_found", str(exc))
    if isinstance(exc, PermissionDenied):
        return error_response(403, "forbidden", str(exc))
    if isinstance(exc, IllegalTransition):
        return error_response(409, "illegal_transition", str(exc))
    if isinstance(exc, InputError):
        return error_response(422, "invalid_input", str(exc), exc.field)
    log.error("request %s %s failed: %s", request.method, request.url.path, exc)
    return error_response(500, "server_error", "the server could not complete the request")


async def _validation_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):
        raise exc
    first = exc.errors()[0] if exc.errors() else {"loc": (), "msg": "invalid request"}
    location = [str(part) for part in first.get("loc", ()) if part not in ("body", "query")]
    field = ".".join(location) or None
    return error_response(422, "invalid_input", str(first.get("msg")), field)


async def _http_error(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):
        raise exc
    codes = {404: "not_found", 405: "method_not_allowed", 413: "too_large", 400: "bad_request"}
    headers = dict(exc.headers or {})
    return error_response(
        exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail), **headers
    )


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("request %s %s failed unexpectedly", request.method, request.url.path)
    return error_response(500, "server_error", "the server could not complete the request")


def install_error_handlers(app: FastAPI) -> None:
    """Render every error, expected or not, with the standard body."""
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(SentinelleError, _sentinelle_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
