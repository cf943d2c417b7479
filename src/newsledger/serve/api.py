"""The routes that are not a page's twin: ``POST /api/analyze`` (ad-hoc text through the real pipeline) and
``GET /api``, the API's documentation as a page (its twin is ``/openapi.json``)."""

from __future__ import annotations

import hmac
import threading
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, ConfigDict, Field

from ..errors import RequestError
from .errors import ERROR_RESPONSES, ErrorBody

MAX_TEXT_CHARS = 100_000
MAX_BODY_BYTES = 4 * MAX_TEXT_CHARS + 16_384  # the JSON of the longest text, escaped, and its metadata

_bearer = HTTPBearer(auto_error=False, description="The --token the server was started with, when it has one.")
_pipeline_lock = threading.Lock()


class AnalyzeRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=MAX_TEXT_CHARS, description="The article's body text.")
    outlet: str | None = Field(None, max_length=200)
    published: date | None = Field(None, description="Publication date, against which relative dates resolve.")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000)


def require_token(request: Request,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)] = None) -> None:
    """When the server has a token, a POST must carry it as ``Authorization: Bearer TOKEN``."""
    token = request.app.state.token
    if token is None:
        return
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise RequestError("this server needs its token for POST requests", status=401, code="NL602",
                           fix="send the header `Authorization: Bearer TOKEN`, with the --token the server "
                           "was started with")


def pipeline(request: Request):
    """The server's pipeline, loaded on first use (the spaCy model and the rule data take seconds to load)."""
    state = request.app.state
    with _pipeline_lock:
        if state.pipeline is None:
            from ..pipeline import Pipeline

            state.pipeline = Pipeline()
    return state.pipeline


def analyze(body: AnalyzeRequest, request: Request) -> dict[str, Any]:
    """Run the text through the same pipeline as `newsledger analyze` and return its contract record
    (``newsledger.article/1``); nothing is stored. Texts are limited to 100,000 characters."""
    loaded = pipeline(request)
    with _pipeline_lock:
        analysis = loaded.analyze(body.text, outlet=body.outlet, title=body.title, url=body.url,
                                  published=body.published.isoformat() if body.published else None)
    return analysis.to_dict()


def api_docs(request: Request):
    """The JSON API, every route with its parameters, rendered from the OpenAPI document."""
    spec = request.app.openapi()
    operations = [{"method": method.upper(), "path": path, **operation}
                  for path, item in spec["paths"].items() for method, operation in item.items()]
    return request.app.state.templates.TemplateResponse(request, "api.html", {"spec": spec,
                                                                              "operations": operations})


def routes(*, protected: bool) -> APIRouter:
    """The routes; with ``protected``, POST requests need the server's token (and the document says so)."""
    router = APIRouter()
    responses = {**ERROR_RESPONSES, 411: {"model": ErrorBody, "description": "The request gives no Content-Length"},
                 413: {"model": ErrorBody, "description": "The request body is too large"}}
    if protected:
        responses[401] = {"model": ErrorBody, "description": "The token is missing or wrong"}
    router.add_api_route("/api/analyze", analyze, methods=["POST"], tags=["analysis"],
                         summary="Analyse a text without storing it", responses=responses,
                         dependencies=[Depends(require_token)] if protected else [])
    router.add_api_route("/api", api_docs, methods=["GET"], include_in_schema=False, name="api_docs")
    return router
