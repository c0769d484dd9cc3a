"""Rendering a page as HTML, or as its JSON twin (``?format=json`` or Accept: JSON)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates

from sentinelle.api.auth import Principal
from sentinelle.api.deps import LANGUAGE_COOKIE
from sentinelle.api.roles import Permission, role_allows
from sentinelle.web.i18n import pick_language, translator

TEMPLATES_DIR = Path(__file__).with_name("templates")
STATIC_DIR = Path(__file__).with_name("static")


def make_templates() -> Jinja2Templates:
    """The page templates, autoescaped."""
    return Jinja2Templates(directory=str(TEMPLATES_DIR))


def wants_json(request: Request) -> bool:
    """True when the client asked for the page's JSON twin."""
    if request.query_params.get("format") == "json":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def language_of(request: Request) -> str:
    """The interface language: the cookie's, French by default."""
    return pick_language(request.cookies.get(LANGUAGE_COOKIE))


def render(
    request: Request,
    template: str,
    data: dict[str, Any],
    principal: Principal | None,
    *,
    status_code: int = 200,
    extra: dict[str, Any] | None = None,
) -> Response:
    """The page as HTML, or ``data`` as JSON for its twin."""
    if wants_json(request):
        return JSONResponse(jsonable_encoder(data), status_code=status_code)
    language = language_of(request)

    def can(permission: str) -> bool:
        return principal is not None and role_allows(principal.role, Permission(permission))

    context = {
        "data": data,
        "user": principal,
        "t": translator(language),
        "lang": language,
        "csrf_token": principal.csrf_token if principal else None,
        "can": can,
        "path": request.url.path,
        **(extra or {}),
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status_code)
