"""An ingest run: read → skip what is stored → analyse → store, with every rejected record written down.

Articles already in the ledger are skipped before the (costly) analysis, and checked again just before each write,
so the same input ingested twice stores nothing new and duplicates inside one input are stored once.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from .ingest import ReadOptions, RejectsFile, read_articles
from .nlp.workers import analyze_stream
from .pipeline import Pipeline, PipelineConfig
from .records import Article, ArticleAnalysis, Reject
from .store.ledger import Ledger

Progress = Callable[[int, int], None]  # (articles done, words done)


@dataclass(slots=True)
class IngestReport:
    run_id: int
    read: int = 0
    new: int = 0
    present: int = 0
    rejected: int = 0
    words: int = 0
    seconds: float = 0.0
    rejects_path: str | None = None

    def summary(self) -> str:
        text = f"{self.read} read, {self.new} new, {self.present} already present"
        if self.rejected:
            text += f", {self.rejected} rejected (see {self.rejects_path})"
        return text


def ingest(paths: Sequence[str], ledger: Ledger, *, config: PipelineConfig = PipelineConfig(),
           options: ReadOptions | None = None, rejects: RejectsFile, workers: int = 1,
           pipeline: Pipeline | None = None, stdin: BinaryIO | None = None, batch_size: int = 64,
           on_reject: Callable[[Reject], None] | None = None, on_progress: Progress | None = None) -> IngestReport:
    """Ingest ``paths`` into ``ledger``; returns the counts. Rejected records go to ``rejects``."""
    started = time.perf_counter()
    meta = pipeline.meta if pipeline is not None else _meta(config)
    report = IngestReport(run_id=ledger.start_run("ingest", list(paths), meta), rejects_path=str(rejects.path))

    def rejected(item: Reject) -> None:
        report.rejected += 1
        rejects.write(item)
        if on_reject is not None:
            on_reject(item)

    def to_analyse() -> Iterator[Article]:
        items = read_articles(paths, options, stdin=stdin)
        while chunk := list(itertools.islice(items, 256)):
            articles = []
            for item in chunk:
                if isinstance(item, Reject):
                    rejected(item)
                else:
                    report.read += 1
                    articles.append(item)
            stored = ledger.present([a.id for a in articles])
            for article in articles:
                if article.id in stored:
                    report.present += 1
                else:
                    yield article

    batch: list[ArticleAnalysis] = []
    for analysis in analyze_stream(to_analyse(), config, workers=workers, pipeline=pipeline):
        if isinstance(analysis, Reject):
            report.read -= 1
            rejected(analysis)
            continue
        batch.append(analysis)
        if len(batch) >= batch_size:
            _write(ledger, batch, report, on_progress)
    _write(ledger, batch, report, on_progress)
    report.seconds = time.perf_counter() - started
    rejects.close()
    if not report.rejected:
        report.rejects_path = None
    ledger.finish_run(report.run_id, read=report.read, new=report.new, present=report.present,
                      rejected=report.rejected, rejects_path=report.rejects_path)
    return report


def _write(ledger: Ledger, batch: list[ArticleAnalysis], report: IngestReport, on_progress: Progress | None) -> None:
    """Write a batch, dropping what is already stored or repeated inside the batch."""
    if not batch:
        return
    stored = ledger.present([a.article.id for a in batch])
    fresh: dict[str, ArticleAnalysis] = {}
    for analysis in batch:
        if analysis.article.id in stored or analysis.article.id in fresh:
            report.present += 1
        else:
            fresh[analysis.article.id] = analysis
    report.new += ledger.write(fresh.values(), report.run_id)
    words = sum(len(a.article.text.split()) for a in batch)
    report.words += words
    if on_progress is not None:
        on_progress(len(batch), words)
    batch.clear()


def _meta(config: PipelineConfig) -> dict[str, str]:
    from . import __version__
    from .pipeline import rules_version

    return {"newsledger": __version__, "model": config.model or "default", "rules": rules_version(config.rules)}
