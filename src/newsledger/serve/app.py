"""The explorer's application: the ledger opened read-only, the pages and their JSON twins, the error shape, and
the guards (security headers, allowed hosts, request size, the token)."""

from __future__ import annotations

import contextlib
import ipaddress
import json
from collections.abc import Iterable
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse

from .. import __version__
from ..store.ledger import open_ledger
from . import api, charts, errors, highlight, pages, views  # noqa: F401 - views registers the pages
from .api import MAX_BODY_BYTES

HERE = Path(__file__).parent
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")

SECURITY_HEADERS = {
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
}


def create_app(db: str | Path, *, token: str | None = None, allowed_hosts: Iterable[str] | None = None,
               pipeline: Any = None) -> FastAPI:
    """The explorer over the ledger at ``db``. ``token`` protects POST requests; ``allowed_hosts`` (host names the
    Host header may carry) guards a loopback server against DNS rebinding; ``pipeline`` is an already loaded
    :class:`~newsledger.Pipeline` for ``POST /api/analyze`` (loaded on first use otherwise)."""
    keeper = open_ledger(db)  # fails early with a StoreError when there is no ledger; keeps the database loaded

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        keeper.close()

    app = FastAPI(title="newsledger explorer", version=__version__, docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json", lifespan=lifespan,
                  description="The ledger's articles, events, entities, quotes and places as JSON. Every page of "
                  "the explorer has a JSON twin here. Errors have one shape: "
                  '`{"error": {"code", "message", "fix"}}`. GET requests are open to whoever can reach the '
                  "server; when the server was started with `--token`, POST requests need "
                  "`Authorization: Bearer TOKEN`.")
    app.state.db = str(db)
    app.state.token = token
    app.state.pipeline = pipeline
    app.state.templates = templates()
    errors.install(app)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    pages.add_routes(app)
    app.include_router(api.routes(protected=token is not None))
    app.add_middleware(Guard, allowed_hosts=set(allowed_hosts) if allowed_hosts else None)
    return app


def templates() -> Jinja2Templates:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(pages=pages.PAGES, highlight=highlight.highlight, marks=highlight.marks,
                       layers=highlight.LAYERS, entity_href=highlight.entity_href, charts=charts,
                       quads=charts.QUADS, safe_url=safe_url, query_with=query_with, twin=twin, version=__version__,
                       outlet_href=outlet_href, canonical_href=canonical_href)
    env.filters["cell"] = cell
    env.filters["tojson_pretty"] = lambda value: json.dumps(value, indent=2, ensure_ascii=False, default=str)
    return Jinja2Templates(env=env)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: a stored URL is untrusted (``javascript:`` and the like)."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def outlet_href(name: str) -> str:
    return "/outlets/" + quote(name, safe="")


def canonical_href(canonical_id: str) -> str:
    return "/canonical/" + quote(canonical_id, safe="")


def query_with(request: Request, **changes: Any) -> str:
    """The current query string with ``changes`` applied (None removes a parameter)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = str(value)
    return "?" + urlencode({k: v for k, v in params.items() if v != ""})


def twin(request: Request, page: pages.Page) -> str:
    """The address of the JSON twin of the page being shown (API paths are the pages' paths under /api)."""
    path = "/api" + quote(request.url.path) if "{" in page.path else page.api
    return path + (f"?{request.url.query}" if request.url.query else "")


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


class Guard:
    """Adds the security headers to every response, refuses Host headers the server does not answer to, and
    refuses POST bodies without a length or longer than the limit (before reading them)."""

    def __init__(self, app, *, allowed_hosts: set[str] | None = None, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.allowed_hosts = allowed_hosts
        self.max_body = max_body

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await _with_headers(refusal, send, scope, receive)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _refusal(self, scope) -> JSONResponse | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        if self.allowed_hosts is not None:
            host = _host_name(headers.get("host", ""))
            if host not in self.allowed_hosts:
                return JSONResponse(errors.error_body(
                    "NL606", f"this server does not answer to the host name {host!r}",
                    "open it at http://127.0.0.1:PORT/ (the address `newsledger serve` printed)"), status_code=400)
        if scope["method"] == "POST":
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return JSONResponse(errors.error_body("NL608", "a POST request must give its Content-Length",
                                                      "send the body in one piece, not chunked"), status_code=411)
            if int(length) > self.max_body:
                return JSONResponse(errors.error_body(
                    "NL603", f"the request body is {int(length):,} bytes, more than the {self.max_body:,} allowed",
                    "send a shorter text (at most 100,000 characters), or analyse files with `newsledger "
                    "analyze`"), status_code=413)
        return None


async def _with_headers(response: JSONResponse, send, scope, receive) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers[name] = value
    await response(scope, receive, send)


def _host_name(host: str) -> str:
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def run(db: str | Path, *, host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
        log_level: str = "warning") -> None:
    """Serve the explorer until interrupted. Binding beyond loopback is the caller's decision to check."""
    import uvicorn

    allowed = {*LOOPBACK_NAMES, host} if is_loopback(host) else None
    uvicorn.run(create_app(db, token=token, allowed_hosts=allowed), host=host, port=port, log_level=log_level,
                server_header=False)
