"""The page layer: a page is one view, one template and one test.

A view is a function of the ledger and its query parameters that returns JSON-able data. ``@page`` registers it
once; :func:`add_routes` serves it twice from the same data: as JSON at ``api`` (documented in the OpenAPI
document) and as HTML at ``path``, where the template receives the data as ``data``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from .errors import ERROR_RESPONSES


@dataclass(frozen=True, slots=True)
class Page:
    path: str
    api: str
    template: str
    title: str
    view: Callable[..., Any]
    nav: bool

    @property
    def name(self) -> str:
        return self.view.__name__


PAGES: list[Page] = []


def page(path: str, *, api: str, template: str, title: str, nav: bool = True) -> Callable:
    """Register ``view`` as the page at ``path`` whose JSON twin is ``api``."""

    def register(view: Callable[..., Any]) -> Callable[..., Any]:
        PAGES.append(Page(path, api, template, title, view, nav))
        return view

    return register


def add_routes(app: FastAPI, pages: list[Page] | None = None) -> None:
    for p in pages if pages is not None else PAGES:
        summary = (p.view.__doc__ or p.title).strip().splitlines()[0]
        app.add_api_route(p.api, p.view, methods=["GET"], name=f"api_{p.name}", summary=summary,
                          description=inspect.cleandoc(p.view.__doc__ or "") + f"\n\nThe page `{p.path}` shows "
                          "the same data.", responses=ERROR_RESPONSES, tags=["explorer"])
        app.add_api_route(p.path, _html_endpoint(p), methods=["GET"], name=p.name, include_in_schema=False,
                          response_class=HTMLResponse)


def _html_endpoint(p: Page) -> Callable[..., Any]:
    signature = inspect.signature(p.view, eval_str=True)

    def endpoint(request: Request, **params: Any):
        data = p.view(**params)
        return request.app.state.templates.TemplateResponse(request, p.template, {"data": data, "page": p})

    request_param = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)
    endpoint.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[request_param, *signature.parameters.values()], return_annotation=inspect.Signature.empty)
    endpoint.__name__ = p.name
    return endpoint
