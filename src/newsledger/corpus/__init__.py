"""Across articles: what the ledger knows once it holds more than one article.

After every ingest, :func:`update` brings the ledger's cross-article tables up to date, one step after another
(``STEPS``, each a module of this package with an ``update(ledger)`` function):

1. ``entities``   — in-document entities linked into corpus entities (one per real person or organisation);
2. ``duplicates`` — wire copies and republications grouped (never deleted);
3. ``canonical``  — event statements from many articles clustered into canonical events.

Each step works on the articles it has not yet seen, and its result does not depend on the order in which the
articles arrived: ingesting a corpus in two halves gives the same tables as one pass.

:func:`update_apart` runs the same update in processes of its own, one a step (``python -m newsledger.corpus DB
PID STEP``). A long ingest catches up that way: what the steps hold grows with the ledger, and a process that ends
gives all of it back, where one that goes on (parsing, or the next step) would keep much of it (freed memory stays
with the allocator).
"""

from __future__ import annotations

import os
import subprocess
import sys
from importlib import import_module
from typing import TYPE_CHECKING

from ..errors import StoreError

if TYPE_CHECKING:
    from ..store.ledger import Ledger

STEPS: tuple[str, ...] = ("entities", "duplicates", "canonical")


def update(ledger: Ledger, steps: tuple[str, ...] = STEPS) -> None:
    """Run every step of the corpus layer (or those named) over what the ledger holds; a no-op when nothing is
    new."""
    for name in steps:
        import_module(f"{__name__}.{name}").update(ledger)


def update_apart(ledger: Ledger) -> None:
    """:func:`update` in processes of its own, one for each step, with the ledger's file closed here meanwhile: a
    step starts with nothing that the step before it held. Each process dies with this one, so a run killed during
    a catch-up leaves the step's transaction uncommitted, as in one process."""
    with ledger.released():
        for name in STEPS:
            _step_apart(ledger.path, name)


def _step_apart(path: str, name: str) -> None:
    last = ""  # the process's last line on stderr: its error, if it fails
    with subprocess.Popen([sys.executable, "-m", __name__, path, str(os.getpid()), name],
                          stderr=subprocess.PIPE, text=True) as process:
        for line in process.stderr:  # passed on as they come (warnings, the crash tests' pause)
            sys.stderr.write(line)
            last = line.strip() or last
    if process.returncode != 0:
        raise StoreError(f"the corpus layer could not catch up on {path} "
                         f"({last.removeprefix('Error: ') or f'exit status {process.returncode}'})",
                         fix="nothing is lost: the next ingest into this ledger catches up (`python -m "
                         "newsledger.corpus DB` does it alone)")
