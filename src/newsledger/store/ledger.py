"""The ledger: a DuckDB file holding analysed articles, created and upgraded by versioned migrations.

Writes go in one transaction per batch, so an interrupted ingest leaves no half-written article.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa

from ..errors import StoreError
from ..records import ArticleAnalysis
from .queries import QueryResult, Queries
from .rows import COLUMNS, RowBuffer

DEFAULT_PATH = "newsledger.duckdb"
DATASET_SCHEMA = "dataset"  # where `newsledger attach` puts its views over a Parquet dataset
PROGRESS_COLUMNS = ("source", "items", "line", "offset", "size", "mtime_ns", "done")


@dataclass(slots=True)
class RunCounts:
    read: int = 0
    new: int = 0
    present: int = 0
    rejected: int = 0
    words: int = 0
    rejects_bytes: int = 0


@dataclass(slots=True)
class Checkpoint:
    """What a run has settled so far, committed in the same transaction as the batch it goes with: its counts,
    and per input (a row of ``PROGRESS_COLUMNS``) how far it got."""

    counts: RunCounts
    progress: list[tuple] = field(default_factory=list)


@dataclass(slots=True)
class RunState:
    """An interrupted run as its last commit left it."""

    id: int
    counts: RunCounts
    progress: dict[str, dict] = field(default_factory=dict)  # source -> PROGRESS_COLUMNS as a dict


@functools.cache
def _migrations() -> tuple[tuple[int, str, str], ...]:
    folder = resources.files("newsledger.store") / "migrations"
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            version = int(entry.name.split("_", 1)[0])
            found.append((version, entry.name, entry.read_text(encoding="utf-8")))
    return tuple(sorted(found))


def migration_sql() -> list[str]:
    """The SQL of every migration, in order: what makes an empty ledger of the current version."""
    return [sql for _, _, sql in _migrations()]


class Ledger(Queries):
    """An open ledger. Use as a context manager, or call :meth:`close`."""

    def __init__(self, path: str | Path = DEFAULT_PATH, *, read_only: bool = False) -> None:
        self.path, self.read_only = str(path), read_only
        if read_only and not Path(self.path).exists():
            raise StoreError(f"no ledger at {self.path}",
                             fix="run `newsledger ingest FILE --db PATH` first, or pass the right --db")
        self.con = self._connect()
        if not read_only:
            self._migrate()
        elif not self._has_table("schema_migrations"):
            raise StoreError(f"{self.path} is not a newsledger ledger", fix="pass the right --db")
        elif self.schema_version < (latest := _migrations()[-1][0]):
            raise StoreError(f"{self.path} was written by an older newsledger (schema {self.schema_version}, this "
                             f"version reads schema {latest})",
                             fix=f"run `newsledger upgrade --db {self.path}` once (it adds the new tables and "
                             "links the articles across the corpus)")
        self.attached = self._attached_dataset()
        self._search_dataset()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    @property
    def in_file(self) -> bool:
        return self.path != ":memory:"

    @contextmanager
    def released(self) -> Iterator[None]:
        """The file closed for the length of a ``with`` block, so that another process can write to it (DuckDB
        lets one process at a time open a file for writing), then opened again. Only a ledger in a file can be."""
        if not self.in_file:
            raise StoreError("an in-memory ledger cannot be handed to another process", fix="use a ledger file")
        self.con.close()
        try:
            yield
        finally:
            self.con = self._connect()
            self._search_dataset()

    def reopen(self) -> None:
        """Close the file and open it again, which gives back the memory DuckDB keeps from the writes so far (a
        long ingest does this every :data:`newsledger.run.REOPEN_EVERY` articles). A no-op in memory."""
        if self.in_file:
            with self.released():
                pass

    def _connect(self) -> duckdb.DuckDBPyConnection:
        try:
            con = duckdb.connect(self.path, read_only=self.read_only)
        except duckdb.Error as exc:
            raise StoreError(f"cannot open the ledger {self.path} ({exc})",
                             fix="check the path, and that no other process is writing to it") from exc
        if not self.read_only:
            # No vacuum at checkpoints. An ingest appends to its tables in small row groups (one for each time the
            # file is opened), and a checkpoint's vacuum merges neighbouring row groups by rewriting them whole:
            # for `articles`, whose `analysis` is about 40 kB an article, that once took 500 MB at 7,936 articles
            # (all of them in one merge), and it grows with the ledger. Without it a write holds the same memory
            # however large the ledger; the price is that rows the corpus layer deletes are not reclaimed (about
            # a fifth more file at 10,000 articles).
            con.execute("SET max_vacuum_tasks = 0")
        return con

    def _search_dataset(self) -> None:
        if self.attached:  # the dataset's views come before the ledger's own (empty) tables
            self.con.execute(f"SET search_path = '{DATASET_SCHEMA},main'")

    # -- schema ----------------------------------------------------------------------------------------------

    def _has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                                     [name]).fetchone()[0])

    def _migrate(self) -> None:
        self.con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name VARCHAR, applied_at TIMESTAMP)")
        applied = {row[0] for row in self.con.execute("SELECT version FROM schema_migrations").fetchall()}
        for version, name, sql in _migrations():
            if version in applied:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute("INSERT INTO schema_migrations VALUES (?, ?, ?)", [version, name, _now()])
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"migration {name} failed on {self.path} ({exc})",
                                 fix="restore the file from a backup, or start a new ledger with --db") from exc

    def _attached_dataset(self) -> str | None:
        # fetchall, not fetchone: DuckDB 2 refuses register() on a connection with a result not read to its end
        found = self.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_schema = ? AND "
                                 "table_name = 'location' AND table_catalog = current_database()",
                                 [DATASET_SCHEMA]).fetchall()[0][0]
        if not found:
            return None
        return self.con.execute(f"SELECT path FROM {DATASET_SCHEMA}.location").fetchall()[0][0]

    def _refuse_if_attached(self) -> None:
        if self.attached:
            raise StoreError(f"{self.path} reads the Parquet dataset {self.attached} (newsledger attach)",
                             fix=f"ingest into the dataset with `newsledger ingest PATH --engine dask --dataset "
                             f"{self.attached}`, or pass another --db")

    @property
    def schema_version(self) -> int:
        return self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()[0]

    # -- writing ---------------------------------------------------------------------------------------------

    def article_count(self) -> int:
        return self.con.execute("SELECT count(*) FROM articles").fetchall()[0][0]

    def present(self, ids: Sequence[str]) -> set[str]:
        """Which of ``ids`` are already stored."""
        if not ids:
            return set()
        rows = self.con.execute("SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                [list(ids)]).fetchall()
        return {row[0] for row in rows}

    def write(self, analyses: Iterable[ArticleAnalysis], run_id: int | None = None, *,
              checkpoint: Checkpoint | None = None, before_commit: Callable[[], None] | None = None) -> int:
        """Store a batch of analyses, and the run's ``checkpoint`` if given, in one transaction; returns how many
        articles were written."""
        buffer = RowBuffer()
        for analysis in analyses:
            buffer.add(analysis, run_id)
        if not buffer.articles and checkpoint is None:
            return 0
        self._refuse_if_attached()
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, columns in buffer.columns.items():
                if not columns[COLUMNS[table][0]]:
                    continue
                arrow = pa.table(columns)
                self.con.register("_batch", arrow)
                names = ", ".join(f'"{c}"' for c in COLUMNS[table])
                self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _batch")
                self.con.unregister("_batch")
            if checkpoint is not None:
                self._checkpoint(run_id, checkpoint)
            if before_commit is not None:
                before_commit()
            self.con.execute("COMMIT")
        except duckdb.Error as exc:
            self.con.execute("ROLLBACK")
            raise StoreError(f"could not write to {self.path} ({exc})",
                             fix="check free disk space and that no other process holds the file") from exc
        return buffer.articles

    def start_run(self, command: str, inputs: Sequence[str], meta: dict[str, str], options: str | None = None
                  ) -> int:
        self._refuse_if_attached()
        run_id = self.con.execute("SELECT coalesce(max(id), 0) + 1 FROM runs").fetchone()[0]
        self.con.execute("INSERT INTO runs (id, started_at, command, inputs, newsledger_version, model, "
                         "rules_version, options, read_count, new_count, present_count, rejected_count, words, "
                         "rejects_bytes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0, 0, 0)",
                         [run_id, _now(), command, list(inputs), meta.get("newsledger"), meta.get("model"),
                          meta.get("rules"), options])
        return run_id

    def finish_run(self, run_id: int, *, read: int, new: int, present: int, rejected: int,
                   rejects_path: str | None, words: int | None = None) -> None:
        self.con.execute("UPDATE runs SET finished_at = ?, read_count = ?, new_count = ?, present_count = ?, "
                         "rejected_count = ?, rejects_path = ?, words = coalesce(?, words) WHERE id = ?",
                         [_now(), read, new, present, rejected, rejects_path, words, run_id])

    def _checkpoint(self, run_id: int | None, checkpoint: Checkpoint) -> None:
        c = checkpoint.counts
        self.con.execute("UPDATE runs SET read_count = ?, new_count = ?, present_count = ?, rejected_count = ?, "
                         "words = ?, rejects_bytes = ? WHERE id = ?",
                         [c.read, c.new, c.present, c.rejected, c.words, c.rejects_bytes, run_id])
        if checkpoint.progress:
            names = ", ".join(f'"{c}"' for c in PROGRESS_COLUMNS)
            self.con.executemany(f"INSERT OR REPLACE INTO progress (run_id, {names}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                 [[run_id, *row] for row in checkpoint.progress])

    def interrupted_run(self, command: str, inputs: Sequence[str], meta: dict[str, str],
                        options: str | None) -> RunState | None:
        """The latest unfinished run of the same command over the same inputs with the same options, rules and
        model, if the last run of that kind was interrupted (only one process can write to a ledger, so an
        unfinished run found here is not running)."""
        row = self.con.execute(
            "SELECT id, finished_at, read_count, new_count, present_count, rejected_count, words, rejects_bytes "
            "FROM runs WHERE command = ? AND inputs = ?::VARCHAR[] AND options IS NOT DISTINCT FROM ? "
            "AND model IS NOT DISTINCT FROM ? AND rules_version IS NOT DISTINCT FROM ? ORDER BY id DESC LIMIT 1",
            [command, list(inputs), options, meta.get("model"), meta.get("rules")]).fetchone()
        if row is None or row[1] is not None:
            return None
        counts = RunCounts(*(value or 0 for value in row[2:8]))
        cursor = self.con.execute("SELECT " + ", ".join(f'"{c}"' for c in PROGRESS_COLUMNS)
                                  + " FROM progress WHERE run_id = ?", [row[0]])
        progress = {r[0]: dict(zip(PROGRESS_COLUMNS, r)) for r in cursor.fetchall()}
        return RunState(row[0], counts, progress)

    # -- reading whole records -------------------------------------------------------------------------------

    def analysis(self, article_id: str) -> ArticleAnalysis | None:
        row = self.con.execute("SELECT analysis FROM articles WHERE id = ?", [article_id]).fetchone()
        return ArticleAnalysis.from_dict(json.loads(row[0])) if row else None

    def records(self, result: QueryResult | None = None) -> Iterable[dict]:
        """Contract records, for every article or for the articles of a query result, in id order."""
        if result is None:
            cursor = self.con.execute("SELECT analysis FROM articles ORDER BY published NULLS LAST, id")
        else:
            ids = sorted({r["id"] for r in result.records()})
            cursor = self.con.execute("SELECT analysis FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[])) "
                                      "ORDER BY published NULLS LAST, id", [ids])
        while batch := cursor.fetchmany(256):
            for (text,) in batch:
                yield json.loads(text)


def open_ledger(path: str | Path = DEFAULT_PATH, *, read_only: bool = True) -> Ledger:
    """Open a ledger for queries (read-only unless asked otherwise)."""
    return Ledger(path, read_only=read_only)


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
