"""The explorer (``newsledger serve``): a JSON API with an OpenAPI document, and server-rendered pages over one
ledger, each page the twin of an API route.

    app.py        create_app() and run(): the application, its guards and its templates' helpers
    pages.py      the page layer: @page registers a view; each is served as HTML and as JSON
    views.py      the views: ledger + query parameters → data       params.py  their parameters, declared once
    api.py        POST /api/analyze and the API's documentation page
    errors.py     the one JSON error shape, and the exception tree mapped onto it
    highlight.py  an article's text with its spans marked            charts.py  geometry of the SVG charts
"""

from __future__ import annotations

from .app import create_app, run

__all__ = ["create_app", "run"]
