"""One error shape for every failure the explorer answers: ``{"error": {"code", "message", "fix"}}``.

newsledger's exception tree maps onto it (``InputError`` → 400, ``StoreError`` and ``ModelError`` → 503,
``RequestError`` → its own status); so do invalid parameters (422), unknown routes (404) and anything unexpected
(500, with no traceback). Pages get the same content as an HTML page. Messages never carry file paths.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import DataFileError, InputError, ModelError, NewsledgerError, RequestError, StoreError

log = logging.getLogger("newsledger.serve")

_STATUS = ((RequestError, None), (InputError, 400), (StoreError, 503), (ModelError, 503), (DataFileError, 500))
_PATH = re.compile(r"(?<![\w.:/])(?:[A-Za-z]:)?[\\/](?:[^\s'\"\\/:;,()]+[\\/])+([^\s'\"\\/:;,()]*)")


class ErrorDetail(BaseModel):
    code: str
    message: str
    fix: str | None = None


class ErrorBody(BaseModel):
    error: ErrorDetail


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in ((400, "The request cannot be answered as sent"),
                                (404, "No such article, entity or route"),
                                (422, "A parameter is not valid"),
                                (503, "The ledger or the language model is not available"))
}


def scrub(text: str | None) -> str | None:
    """Replace each file path in ``text`` with its last part: responses name files, never where they live.
    A route such as ``/api/articles`` is left alone: only paths under an existing top-level folder are paths."""
    return _PATH.sub(_file_name, text) if text else text


def _file_name(match: re.Match) -> str:
    path = match.group(0)
    top = re.split(r"[\\/]", path.lstrip("\\/"), maxsplit=1)[0]
    is_file_path = path[1:2] == ":" or (top and Path("/" + top).is_dir())
    return (match.group(1) or "…") if is_file_path else path


def error_body(code: str, message: str, fix: str | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": scrub(message), "fix": scrub(fix)}}


def wants_html(request: Request) -> bool:
    path = request.url.path
    if path.startswith("/api") or path == "/openapi.json":
        return False
    return "text/html" in request.headers.get("accept", "")


def respond(request: Request, status: int, code: str, message: str, fix: str | None = None,
            headers: dict[str, str] | None = None):
    body = error_body(code, message, fix)
    if wants_html(request):
        templates = request.app.state.templates
        return templates.TemplateResponse(request, "error.html", {"status": status, **body["error"]},
                                          status_code=status, headers=headers)
    return JSONResponse(body, status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one error shape."""

    @app.exception_handler(NewsledgerError)
    async def newsledger_error(request: Request, error: NewsledgerError):
        status = next((s if s is not None else error.status for kind, s in _STATUS if isinstance(error, kind)), 500)
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return respond(request, status, error.code, error.message, error.fix, headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError):
        return respond(request, 422, "NL604", *_describe(error.errors()))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException):
        if error.status_code == 404:
            return respond(request, 404, "NL601", f"nothing at {request.url.path}",
                           "see / for the pages and /api for the JSON API")
        if error.status_code == 405:
            return respond(request, 405, "NL607", f"{request.method} is not allowed on {request.url.path}",
                           "see /api for the methods each route takes")
        return respond(request, error.status_code, f"NL6{error.status_code % 100:02d}", str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return respond(request, 500, "NL999", "the explorer failed on this request (an internal error)",
                       "report it as a newsledger bug, with the address you opened")


def _describe(errors: list[dict[str, Any]]) -> tuple[str, str]:
    first = errors[0] if errors else {"loc": (), "msg": "invalid request"}
    location = [str(part) for part in first.get("loc", ())]
    where = " ".join(location[:1] + [".".join(location[1:])]) if location else "request"
    where = where.replace("query ", "query parameter ").replace("path ", "path parameter ")
    message = f"{where}: {first.get('msg', 'invalid')}"
    if len(errors) > 1:
        message += f" (and {len(errors) - 1} more)"
    return message, "see /api for each parameter's type and allowed values"

