"""A Parquet dataset of the ledger's tables, partitioned by publication month, and DuckDB views that read it.

Layout: ``DATASET/<table>/month=YYYY-MM/<part>.parquet`` for every table of the ledger (an article's rows all go
to its month; undated articles to ``month=undated``), ``DATASET/runs/run-NNNN.parquet`` for the run records, and
the rejects file ``DATASET/rejects.jsonl``. Every file has exactly the columns and types of the DuckDB table of
the same name, so that :func:`attach` can put views over it that the ledger's queries read unchanged.
"""

from __future__ import annotations

import functools
import os
import uuid
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import StoreError
from ..records import ArticleAnalysis
from .ledger import DATASET_SCHEMA, Ledger, migration_sql
from .rows import COLUMNS, RowBuffer

UNDATED = "undated"
TABLES = (*COLUMNS, "runs")


@functools.cache
def table_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every ledger table, read from a ledger made by the migrations in memory."""
    con = duckdb.connect()
    for sql in migration_sql():
        con.execute(sql)
    schemas = {table: con.sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema for table in TABLES}
    con.close()
    return schemas


def month_of(published: str | None) -> str:
    return published[:7] if published else UNDATED


def write_partition(dataset: str | Path, analyses: Iterable[ArticleAnalysis], run_id: int, name: str) -> int:
    """Write the rows of ``analyses`` as ``<table>/month=…/<name>.parquet`` files; returns the articles written.

    Each file is written under a temporary name and renamed, so a task that is retried replaces its files whole.
    """
    months: dict[str, RowBuffer] = {}
    for analysis in analyses:
        months.setdefault(month_of(analysis.article.published), RowBuffer()).add(analysis, run_id)
    schemas = table_schemas()
    for month, buffer in months.items():
        for table, columns in buffer.columns.items():
            if columns[COLUMNS[table][0]]:
                folder = Path(dataset) / table / f"month={month}"
                _write_table(pa.table(columns, schema=schemas[table]), folder / f"{name}.parquet")
    return sum(buffer.articles for buffer in months.values())


def write_run(dataset: str | Path, row: dict) -> None:
    schema = table_schemas()["runs"]
    table = pa.Table.from_pylist([{name: row.get(name) for name in schema.names}], schema=schema)
    _write_table(table, Path(dataset) / "runs" / f"run-{row['id']:04d}.parquet")


def next_run_id(dataset: str | Path) -> int:
    return len(list((Path(dataset) / "runs").glob("run-*.parquet"))) + 1


def _write_table(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
    pq.write_table(table, partial)
    os.replace(partial, path)


def _files(dataset: Path, table: str) -> str | None:
    """The glob reading a table's files, or None while it has none."""
    pattern = "run-*.parquet" if table == "runs" else "month=*/*.parquet"
    return str(dataset / table / pattern) if any((dataset / table).glob(pattern)) else None


def stored_ids(con: duckdb.DuckDBPyConnection, dataset: str | Path) -> str | None:
    """SQL reading the ids of the articles already in ``dataset`` (None when it has none)."""
    files = _files(Path(dataset).resolve(), "articles")
    return None if files is None else f"SELECT id FROM read_parquet('{_quote(files)}')"


def attach(ledger: Ledger, dataset: str | Path) -> dict[str, int]:
    """Make ``ledger``'s queries read ``dataset``: views named like the ledger's tables, in a schema that comes
    first on the ledger's search path. Attaching again refreshes the views. Returns the row counts."""
    folder = Path(dataset).resolve()
    if not folder.is_dir():
        raise StoreError(f"no dataset at {dataset}", fix="pass the directory that `ingest --engine dask` wrote")
    own = ledger.con.execute("SELECT count(*) FROM main.articles").fetchone()[0]
    if own:
        raise StoreError(f"{ledger.path} holds {own} articles of its own",
                         fix="attach the dataset to a new ledger file: pass another --db")
    con = ledger.con
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {DATASET_SCHEMA}")
    con.execute(f"CREATE OR REPLACE TABLE {DATASET_SCHEMA}.location AS SELECT ?::VARCHAR AS path", [str(folder)])
    for table in TABLES:
        columns = ", ".join(f'"{name}"' for name in table_schemas()[table].names)
        files = _files(folder, table)
        source = (f"read_parquet('{_quote(files)}', hive_partitioning = {'false' if table == 'runs' else 'true'}, "
                  "union_by_name = true)" if files else f"main.{table} WHERE false")
        con.execute(f"CREATE OR REPLACE VIEW {DATASET_SCHEMA}.{table} AS SELECT {columns} FROM {source}")
    ledger.attached = str(folder)
    con.execute(f"SET search_path = '{DATASET_SCHEMA},main'")
    return {table: con.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def _quote(text: str) -> str:
    return text.replace("'", "''")
