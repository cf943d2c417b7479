"""What each step of the corpus layer has taken in (the ``corpus_processed`` table), and the transaction a step's
update runs in (the canonical step's, one per slice), so that a step killed half-way has changed nothing it has not
committed whole and the next ingest catches up."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import duckdb

from ..errors import StoreError

if TYPE_CHECKING:
    from ..store.ledger import Ledger

NEW_TABLE = "_corpus_new"  # a temporary table: the articles the running step has not taken in yet


def pending(ledger: Ledger, step: str) -> int:
    """Fill the temporary table ``_corpus_new(id)`` with the articles ``step`` has not taken in; their number."""
    ledger.con.execute(f"CREATE OR REPLACE TEMP TABLE {NEW_TABLE} AS SELECT a.id FROM articles a WHERE NOT EXISTS "
                       "(SELECT 1 FROM corpus_processed p WHERE p.step = ? AND p.article_id = a.id)", [step])
    return ledger.con.execute(f"SELECT count(*) FROM {NEW_TABLE}").fetchone()[0]


def mark_done(ledger: Ledger, step: str) -> None:
    """Record the articles of ``_corpus_new`` as taken in by ``step``."""
    ledger.con.execute(f"INSERT INTO corpus_processed SELECT ?, id FROM {NEW_TABLE}", [step])


@contextmanager
def transaction(ledger: Ledger, step: str) -> Iterator[None]:
    ledger.con.execute("BEGIN TRANSACTION")
    try:
        yield
        _pause_if_asked(step)
        ledger.con.execute("COMMIT")
    except duckdb.Error as exc:
        ledger.con.execute("ROLLBACK")
        raise StoreError(f"could not update the corpus {step} of {ledger.path} ({exc})",
                         fix="check free disk space and that no other process holds the file, then ingest again "
                         "(nothing is lost: the step catches up)") from exc
    except BaseException:
        ledger.con.execute("ROLLBACK")
        raise


def _pause_if_asked(step: str) -> None:
    """The crash tests' hook (``NEWSLEDGER_TEST_PAUSE=corpus:STEP``): pause just before the step commits (for
    ``canonical``, its first commit)."""
    from ..run import PAUSE_ENV, _pause

    if os.environ.get(PAUSE_ENV) == f"corpus:{step}":
        _pause()
