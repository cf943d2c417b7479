"""The Dask engine: the same ``analyze()`` on every worker of a Dask cluster, writing a partitioned Parquet dataset.

The client reads the input with the same readers as a local run (so the same ids, the same rejects), skips what
the dataset already holds and what the input repeats, and cuts the rest into partitions of ``partition_size``
articles. Each partition is one task: the worker analyses it with its own pipeline (built once per worker
process, see :func:`~newsledger.nlp.workers.cached_pipeline`) and writes its rows as Parquet files under the
dataset; only counts and rejects travel back. At most two partitions per worker are in flight, so the client's
memory stays flat however long the input.
"""

from __future__ import annotations

import itertools
import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import BinaryIO

import duckdb

from ..ingest import ReadOptions, RejectsFile, read_articles
from ..pipeline import PipelineConfig
from ..records import Article, Reject
from ..run import IngestReport, Progress, run_meta
from ..store.dataset import next_run_id, stored_ids, write_partition, write_run

READ_CHUNK = 256


def analyze_partition(config: PipelineConfig, dataset: str, run_id: int, number: int,
                      articles: list[Article]) -> dict:
    """A Dask task: analyse one partition and write its rows into the dataset; returns counts and rejects."""
    from ..nlp.workers import cached_pipeline

    analyses, rejects = [], []
    for result in cached_pipeline(config).analyze_many(articles, errors="reject"):
        (rejects if isinstance(result, Reject) else analyses).append(result)
    written = write_partition(dataset, analyses, run_id, f"part-{run_id:04d}-{number:06d}")
    return {"new": written, "words": sum(len(a.article.text.split()) for a in analyses),
            "rejects": [r.to_dict() for r in rejects]}


def ingest_dask(paths: Sequence[str], dataset: str | Path, *, scheduler: str | None = None, workers: int = 2,
                memory_limit: str | None = None, config: PipelineConfig = PipelineConfig(),
                options: ReadOptions | None = None, rejects: RejectsFile, stdin: BinaryIO | None = None,
                partition_size: int = 64, on_reject: Callable[[Reject], None] | None = None,
                on_progress: Progress | None = None) -> IngestReport:
    """Ingest ``paths`` into the Parquet ``dataset`` on the Dask cluster at ``scheduler`` (a LocalCluster of
    ``workers`` processes when None)."""
    from distributed import Client, LocalCluster, wait

    started = time.perf_counter()
    started_at = _now()
    options = options or ReadOptions()
    dataset = str(Path(dataset).resolve())
    Path(dataset).mkdir(parents=True, exist_ok=True)
    run_id = next_run_id(dataset)
    report = IngestReport(run_id=run_id)

    def rejected(item: Reject) -> None:
        report.rejected += 1
        rejects.write(item)
        if on_reject is not None:
            on_reject(item)

    def settle(future) -> None:
        result = future.result()
        report.new += result["new"]
        report.words += result["words"]
        for item in result["rejects"]:
            report.read -= 1
            rejected(Reject(**item))
        if on_progress is not None:
            on_progress(result["new"] + len(result["rejects"]), result["words"])

    with ExitStack() as stack:
        if scheduler:
            client = stack.enter_context(Client(scheduler))
        else:
            cluster = stack.enter_context(LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                memory_limit=memory_limit or "auto", silence_logs=logging.ERROR))
            client = stack.enter_context(Client(cluster))
        slots = 2 * (sum(client.nthreads().values()) or workers)  # two tasks in flight per worker thread
        seen = stack.enter_context(_Seen(dataset))
        pending: set = set()
        partitions = _partitions(read_articles(paths, options, stdin=stdin), seen, report, rejected,
                                 partition_size)
        for number, partition in enumerate(partitions, start=1):
            pending.add(client.submit(analyze_partition, config, dataset, run_id, number, partition, pure=False))
            if len(pending) >= slots:
                done, pending = wait(pending, return_when="FIRST_COMPLETED")
                for future in done:
                    settle(future)
        for future in wait(pending).done:
            settle(future)

    rejects.close()
    report.seconds = time.perf_counter() - started
    report.rejects_path = str(rejects.path) if report.rejected else None
    meta = run_meta(config)
    write_run(dataset, {
        "id": run_id, "started_at": started_at, "finished_at": _now(), "command": "ingest --engine dask",
        "inputs": list(paths), "read_count": report.read, "new_count": report.new,
        "present_count": report.present, "rejected_count": report.rejected, "rejects_path": report.rejects_path,
        "newsledger_version": meta["newsledger"], "model": meta["model"], "rules_version": meta["rules"],
        "words": report.words, "options": json.dumps(asdict(options), sort_keys=True),
        "rejects_bytes": rejects.size})
    return report


def _partitions(items: Iterator[Article | Reject], seen: _Seen, report: IngestReport,
                rejected: Callable[[Reject], None], size: int) -> Iterator[list[Article]]:
    """The new articles of ``items`` in partitions of ``size``; rejects and repeats are counted on the way."""
    partition: list[Article] = []
    while chunk := list(itertools.islice(items, READ_CHUNK)):
        fresh = seen.claim([item.id for item in chunk if isinstance(item, Article)])
        for item in chunk:
            if isinstance(item, Reject):
                rejected(item)
                continue
            report.read += 1
            if item.id in fresh:
                fresh.discard(item.id)
                partition.append(item)
            else:
                report.present += 1
            if len(partition) >= size:
                yield partition
                partition = []
    if partition:
        yield partition


class _Seen:
    """The article ids stored or on their way, in a DuckDB file beside the run (flat memory at any size)."""

    def __init__(self, dataset: str) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="newsledger-ids-")
        self.con = duckdb.connect(str(Path(self._folder.name) / "ids.duckdb"))
        self.con.execute("CREATE TABLE seen (id VARCHAR)")
        existing = stored_ids(self.con, dataset)
        if existing:
            self.con.execute(f"INSERT INTO seen {existing}")

    def claim(self, ids: list[str]) -> set[str]:
        """Which of ``ids`` are new; they are recorded as seen."""
        if not ids:
            return set()
        known = {row[0] for row in self.con.execute(
            "SELECT id FROM seen WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]).fetchall()}
        fresh = list(dict.fromkeys(i for i in ids if i not in known))
        if fresh:
            self.con.execute("INSERT INTO seen SELECT unnest(?::VARCHAR[])", [fresh])
        return set(fresh)

    def __enter__(self) -> _Seen:
        return self

    def __exit__(self, *exc) -> None:
        self.con.close()
        self._folder.cleanup()


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
