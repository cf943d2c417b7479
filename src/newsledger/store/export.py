"""Writing the ledger out: contract records as JSONL, one table as CSV or Parquet (through DuckDB's COPY), or the
events or canonical events as a GDELT 2.0 event table."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from ..errors import InputError
from .ledger import Ledger
from .rows import COLUMNS

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "gdelt")
#: The corpus layer's canonical events and the statement each links (newsledger.corpus.canonical).
CANONICAL_COLUMNS = {
    "canonical_events": ("id", "cameo", "root", "label", "quad_class", "goldstein", "plover", "family", "modality",
                         "source_corpus_id", "source_name", "source_country", "target_corpus_id", "target_name",
                         "target_country", "date_value", "date_precision", "date_basis", "event_date",
                         "location_name", "location_country", "location_lat", "location_lon", "num_mentions",
                         "num_articles", "num_articles_unique", "num_sources", "first_seen", "last_seen",
                         "related_id"),
    "canonical_links": ("canonical_id", "article_id", "event_id"),
}
TABLES = tuple(t for t in COLUMNS if t != "articles") + ("articles", *CANONICAL_COLUMNS)


def export(ledger: Ledger, fmt: str, *, table: str = "events", path: str | None = None,
           canonical: bool = False) -> int:
    """Export and return the number of rows (records) written. ``path=None`` writes jsonl/csv/gdelt to stdout.

    ``gdelt`` writes the events as a GDELT 2.0 event table (61 tab-separated columns, no header): one row per
    statement, or with ``canonical`` one row per canonical event with its NumMentions, NumSources and NumArticles.
    """
    if canonical and fmt != "gdelt":
        raise InputError("--canonical goes with --format gdelt", source="--canonical",
                         fix="for csv or parquet pass --table canonical_events or --table canonical_links")
    if fmt == "jsonl":
        return _jsonl(ledger, path)
    if fmt == "gdelt":
        return _gdelt(ledger, path, canonical)
    if table not in TABLES:
        raise InputError(f"unknown table {table!r}", source="--table", fix="use one of " + ", ".join(TABLES))
    columns = CANONICAL_COLUMNS.get(table) or [c for c in COLUMNS[table]
                                               if not (table == "articles" and c == "analysis")]
    order = {"canonical_events": " ORDER BY id", "canonical_links": " ORDER BY canonical_id, article_id, event_id"}
    select = "SELECT " + ", ".join(f'"{c}"' for c in columns) + f" FROM {table}" + order.get(table, "")
    count = ledger.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    if fmt == "parquet":
        if not path:
            raise InputError("parquet needs an output file", source="--output-path", fix="pass -o FILE.parquet")
        ledger.con.execute(f"COPY ({select}) TO '{_sql_path(path)}' (FORMAT parquet)")
        return count
    if path:
        ledger.con.execute(f"COPY ({select}) TO '{_sql_path(path)}' (FORMAT csv, HEADER)")
        return count
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "out.csv"
        ledger.con.execute(f"COPY ({select}) TO '{_sql_path(str(target))}' (FORMAT csv, HEADER)")
        sys.stdout.write(target.read_text(encoding="utf-8"))
    return count


def _jsonl(ledger: Ledger, path: str | None) -> int:
    count = 0
    handle = open(path, "w", encoding="utf-8") if path else sys.stdout
    try:
        for record in ledger.records():
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    finally:
        if path:
            handle.close()
    return count


def _gdelt(ledger: Ledger, path: str | None, canonical: bool) -> int:
    from . import gdelt

    if not path:
        return gdelt.write(ledger, sys.stdout, canonical=canonical)
    with open(path, "w", encoding="utf-8") as handle:
        return gdelt.write(ledger, handle, canonical=canonical)


def _sql_path(path: str) -> str:
    return path.replace("'", "''")
