"""newsledger: news articles in, a ledger of events out — offline, every field traceable to its words.

    >>> from newsledger import Pipeline, open_ledger
    >>> analysis = Pipeline().analyze(text, outlet="Islam Times", published="2023-12-31")
    >>> analysis.to_dict()                      # the newsledger.article/1 contract
    >>> open_ledger("newsledger.duckdb").events().df()
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = [
    "Actor", "Article", "ArticleAnalysis", "DateRef", "Entity", "Event", "FramingMark", "Ledger", "NewsledgerError",
    "Pipeline", "PipelineConfig", "Place", "Quote", "Span", "TimeRef", "analyze", "open_ledger", "__version__",
]

_LAZY = {
    "Pipeline": "pipeline", "PipelineConfig": "pipeline", "analyze": "pipeline",
    "Ledger": "store.ledger", "open_ledger": "store.ledger",
    "NewsledgerError": "errors",
    **{name: "records" for name in ("Actor", "Article", "ArticleAnalysis", "DateRef", "Entity", "Event",
                                    "FramingMark", "Place", "Quote", "Span", "TimeRef")},
}

if TYPE_CHECKING:
    from .errors import NewsledgerError
    from .pipeline import Pipeline, PipelineConfig, analyze
    from .records import (Actor, Article, ArticleAnalysis, DateRef, Entity, Event, FramingMark, Place, Quote, Span,
                          TimeRef)
    from .store.ledger import Ledger, open_ledger


def __getattr__(name: str):
    """Import on first use, so ``newsledger stats`` does not load spaCy."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'newsledger' has no attribute {name!r}")
