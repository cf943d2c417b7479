"""Across articles: what the ledger knows once it holds more than one article.

After every ingest, :func:`update` brings the ledger's cross-article tables up to date, one step after another
(``STEPS``, each a module of this package with an ``update(ledger)`` function):

1. ``entities``   — in-document entities linked into corpus entities (one per real person or organisation);
2. ``duplicates`` — wire copies and republications grouped (never deleted);
3. ``canonical``  — event statements from many articles clustered into canonical events.

Each step works on the articles it has not yet seen, and its result does not depend on the order in which the
articles arrived: ingesting a corpus in two halves gives the same tables as one pass.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store.ledger import Ledger

STEPS: tuple[str, ...] = ("entities", "duplicates", "canonical")


def update(ledger: Ledger) -> None:
    """Run every step of the corpus layer over what the ledger holds; a no-op when nothing is new."""
    for name in STEPS:
        import_module(f"{__name__}.{name}").update(ledger)
