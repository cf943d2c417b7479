"""Building and comparing ledgers for the corpus-layer tests: articles written to JSONL, ingested with the
session's pipeline, and the corpus tables snapshotted in an order that makes two ledgers comparable."""

from __future__ import annotations

import json

import duckdb

from newsledger.ingest import RejectsFile
from newsledger.run import ingest
from newsledger.store.ledger import Ledger


def write(path, articles) -> str:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return str(path)


def run(paths: list[str], db, pipeline) -> None:
    with Ledger(db) as ledger, RejectsFile(db.with_suffix(".rejects.jsonl")) as rejects:
        ingest(paths, ledger, pipeline=pipeline, rejects=rejects)


def snapshot(db, tables: dict[str, str]) -> dict[str, list[tuple]]:
    """Every row of ``tables`` (table → ORDER BY), read-only."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()
                for table, order in tables.items()}
