"""Running the pipeline over a stream of articles in one process or several, keeping input order.

With ``workers > 1`` (or ``apart``) each worker process builds its own :class:`~newsledger.pipeline.Pipeline` once
and analyses chunks of articles; at most :data:`IN_FLIGHT` chunks per running worker are in flight in all, so
memory stays flat however long the stream. Workers can be stopped between two chunks (:meth:`AnalysisStream.pause`),
all of them or all but a few, while the run needs their memory and cores for something else, such as the corpus
layer catching up; the stream starts them again when it is resumed or has no worker left. A worker process is also
renewed after :data:`RENEW_AFTER` articles, so that what grows in it with every new word does not grow for a whole
run.
"""

from __future__ import annotations

import itertools
import math
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as all_done

from ..children import die_with
from ..heap import give_back
from ..records import Article, ArticleAnalysis, Reject

_pipelines: dict = {}  # this process's pipeline, by PipelineConfig (one at a time)
#: A worker process is stopped and a new one started once it has been given this many articles. spaCy keeps an
#: entry in the model's vocabulary for every word form it has seen, for the life of the process (about 3 MB more per
#: 1,000 news articles after the first thousand), so that a worker that lived for a whole run would grow with it;
#: loading the pipeline again takes about 7 s, under 1% of the time 5,000 articles take on one core.
RENEW_AFTER = 5_000
#: Chunks given to each running worker before the stream waits for the oldest result. Results are taken in input
#: order, so a worker just started, loading the pipeline for about 8 s, holds up the results of the others; with two
#: chunks each, the other worker of a 2-worker run finished its two and waited idle for most of that load after every
#: corpus catch-up. Four chunks of 16 articles are about 10 s of work, and what they hold waiting is a few MB. A
#: worker still loading is given one chunk, and the others its share (:class:`AnalysisStream`).
IN_FLIGHT = 4


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
    """An iterator of analyses in input order; see :func:`analyze_stream`.

    Each worker is a process pool of one, so that some can be stopped while the others go on; a chunk goes to the
    running worker with the fewest chunks still to analyse, but not to a worker still loading the pipeline (its
    first chunk not done) while another has loaded: results are taken in input order, so the others must have
    enough work to go on with until the first result of a worker just (re)started comes."""

    def __init__(self, articles: Iterable[Article], config, *, workers: int, pipeline, chunk_size: int,
                 apart: bool) -> None:
        self.config = pipeline.config if pipeline is not None else config  # what worker processes build
        self.workers, self.pipeline, self.chunk_size = max(1, workers), pipeline, chunk_size
        self.in_processes = workers > 1 or apart
        self.articles = iter(articles)
        self.pools: list[ProcessPoolExecutor | None] = [None] * self.workers
        self.started = [0] * self.workers  # when each worker's process was started, in pools started so far
        self.given = [0] * self.workers  # articles given to each worker's process
        self.first: list[Future | None] = [None] * self.workers  # each worker process's first chunk
        self.stopped: set[int] = set()  # the workers held stopped: they take no chunks until resumed
        # the chunks given whose results are not taken yet, in input order, as (worker, future)
        self.pending: deque[tuple[int, Future]] = deque()

    def __iter__(self) -> Iterator[ArticleAnalysis | Reject]:
        if not self.in_processes:
            yield from (self.pipeline or cached_pipeline(self.config)).analyze_many(self.articles, errors="reject")
            return
        ended = False
        try:
            chunks = iter(lambda: list(itertools.islice(self.articles, self.chunk_size)), [])
            for chunk in chunks:
                self._submit(chunk)
                while self.pending and len(self.pending) >= IN_FLIGHT * max(self.workers - len(self.stopped), 1):
                    yield from self._next()
            while self.pending:
                yield from self._next()
            ended = True
        finally:
            # at the end of the stream the workers are waited for, so that their memory is given back before
            # whatever comes next (the run's last corpus catch-up); after an error they are left to stop
            self._stop(range(self.workers), wait=ended)

    def pause(self, keep: int = 0, *, wait: bool = True) -> Callable[[], None]:
        """Finish the chunks in flight of all running workers but ``keep`` of them and stop those, the longest
        running first, so that their memory (the model, what the parser holds and has grown by) goes back to the
        system; the others go on. :meth:`resume` starts them again, as does the stream itself when it has no
        worker left.

        With ``wait=False`` the workers stopping take no more chunks but finish theirs in the background, while
        the stream goes on with the others; the function returned waits for them to be done and gone (from any
        thread: it touches nothing the stream goes on using). Otherwise that has been done on return."""
        running = [w for w in range(self.workers) if w not in self.stopped]
        # the oldest processes first; a worker not started yet holds nothing, and is stopped last
        running.sort(key=lambda w: self.started[w] if self.pools[w] is not None else math.inf)
        stopping = set(running[:max(len(running) - keep, 0)])
        futures = [future for worker, future in self.pending if worker in stopping]
        pools = [self.pools[w] for w in stopping if self.pools[w] is not None]
        for worker in stopping:
            self.pools[worker] = None  # its results stay in ``pending``; a resumed worker starts a new process
        self.stopped |= stopping

        def stopped() -> None:
            all_done(futures)
            for pool in pools:
                pool.shutdown(wait=True)

        if wait:
            stopped()
        return stopped

    def resume(self) -> None:
        """Every worker takes chunks again (a stopped one starts on its first)."""
        self.stopped.clear()

    def _submit(self, chunk: list[Article]) -> None:
        if len(self.stopped) == self.workers:
            self.resume()
        in_flight = {w: 0 for w in range(self.workers) if w not in self.stopped}
        for w, future in self.pending:
            if w in in_flight and not future.done():
                in_flight[w] += 1
        loading = {w for w in in_flight if self.first[w] is not None and not self.first[w].done()}
        choices = [w for w in in_flight if w not in loading] or list(in_flight)
        worker = min(choices, key=lambda w: (in_flight[w], w))
        if self.pools[worker] is not None and self.given[worker] >= RENEW_AFTER:
            self._stop([worker], wait=True)  # its chunks done, their results kept; started afresh below
        pool = self._pool(worker)
        self.given[worker] += len(chunk)
        future = pool.submit(_analyze_chunk, chunk, self.config)
        self.first[worker] = self.first[worker] or future
        self.pending.append((worker, future))

    def _next(self) -> list[ArticleAnalysis | Reject]:
        return self.pending.popleft()[1].result()

    def _pool(self, worker: int) -> ProcessPoolExecutor:
        if self.pools[worker] is None:
            self.pools[worker] = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn"), initializer=_init_worker,
                initargs=(self.config, os.getpid()))
            self.started[worker] = max(self.started) + 1
            self.given[worker] = 0
            self.first[worker] = None
        return self.pools[worker]

    def _stop(self, workers: Iterable[int], wait: bool) -> None:
        for worker in workers:
            if self.pools[worker] is not None:
                self.pools[worker].shutdown(wait=wait, cancel_futures=not wait)
                self.pools[worker] = None
