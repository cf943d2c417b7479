"""Running the pipeline over a stream of articles in one process or several, keeping input order.

With ``workers > 1`` (or ``apart``) each worker process builds its own :class:`~newsledger.pipeline.Pipeline` once
and analyses chunks of articles; at most two chunks per worker are in flight, so memory stays flat however long the
stream. The workers can be stopped between two chunks (:meth:`AnalysisStream.pause`) while the ledger needs the
memory for something else, such as the corpus layer catching up; the stream starts them again.
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from ..children import die_with
from ..heap import give_back
from ..records import Article, ArticleAnalysis, Reject

_pipelines: dict = {}  # this process's pipeline, by PipelineConfig (one at a time)


def cached_pipeline(config):
    """This process's pipeline for ``config``, built on first use: a worker process (ours or a Dask worker) loads
    the model and the rule data once, however many tasks it runs."""
    if config not in _pipelines:
        from ..pipeline import Pipeline

        _pipelines.clear()
        _pipelines[config] = Pipeline(config)
    return _pipelines[config]


def _init_worker(config, parent: int) -> None:
    die_with(parent)
    cached_pipeline(config)


def _analyze_chunk(articles: list[Article], config) -> list[ArticleAnalysis | Reject]:
    analyses = list(cached_pipeline(config).analyze_many(articles, errors="reject"))
    give_back()  # what the chunk's parse freed, so that the worker stays the size of one chunk's parse
    return analyses


def analyze_stream(articles: Iterable[Article], config, *, workers: int = 1, pipeline=None,
                   chunk_size: int = 16, apart: bool = False) -> AnalysisStream:
    """Analyses of ``articles`` in input order, using ``workers`` processes; failed analyses become Rejects.

    In one process the pipeline is this process's :func:`cached_pipeline`, so that successive runs (the Python
    API, or runs forked from a process that has built it) load the model and the rule data once. With ``apart``
    one worker is a process of its own too, so that :meth:`AnalysisStream.pause` can give its memory back."""
    return AnalysisStream(articles, config, workers=workers, pipeline=pipeline, chunk_size=chunk_size, apart=apart)


class AnalysisStream:
    """An iterator of analyses in input order; see :func:`analyze_stream`."""

    def __init__(self, articles: Iterable[Article], config, *, workers: int, pipeline, chunk_size: int,
                 apart: bool) -> None:
        self.config = pipeline.config if pipeline is not None else config  # what worker processes build
        self.workers, self.pipeline, self.chunk_size = max(1, workers), pipeline, chunk_size
        self.in_processes = workers > 1 or apart
        self.articles = iter(articles)
        self.pool: ProcessPoolExecutor | None = None
        self.pending: deque[Future | list] = deque()  # chunks in flight, in input order, or their results

    def __iter__(self) -> Iterator[ArticleAnalysis | Reject]:
        if not self.in_processes:
            yield from (self.pipeline or cached_pipeline(self.config)).analyze_many(self.articles, errors="reject")
            return
        ended = False
        try:
            chunks = iter(lambda: list(itertools.islice(self.articles, self.chunk_size)), [])
            for chunk in chunks:
                self.pending.append(self._pool().submit(_analyze_chunk, chunk, self.config))
                if len(self.pending) >= 2 * self.workers:
                    yield from self._next()
            while self.pending:
                yield from self._next()
            ended = True
        finally:
            # at the end of the stream the workers are waited for, so that their memory is given back before
            # whatever comes next (the run's last corpus catch-up); after an error they are left to stop
            self._stop(wait=ended)

    def pause(self) -> None:
        """Finish the chunks in flight and stop the worker processes, so that their memory (the model, what the
        parser holds) goes back to the system; the stream starts them again when it goes on."""
        if self.pool is None:
            return
        self.pending = deque(item.result() if isinstance(item, Future) else item for item in self.pending)
        self._stop(wait=True)

    def _next(self) -> list[ArticleAnalysis | Reject]:
        item = self.pending.popleft()
        return item.result() if isinstance(item, Future) else item

    def _pool(self) -> ProcessPoolExecutor:
        if self.pool is None:
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                            initializer=_init_worker, initargs=(self.config, os.getpid()))
        return self.pool

    def _stop(self, wait: bool) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=not wait)
            self.pool = None
