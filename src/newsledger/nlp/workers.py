"""Running the pipeline over a stream of articles in one process or several, keeping input order.

With ``workers > 1`` each worker process builds its own :class:`~newsledger.pipeline.Pipeline` once and analyses
chunks of articles; at most two chunks per worker are in flight, so memory stays flat however long the stream.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

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


def keep_pipeline(pipeline) -> None:
    """Make an already built ``pipeline`` this process's pipeline for its config (see :func:`cached_pipeline`)."""
    _pipelines.clear()
    _pipelines[pipeline.config] = pipeline


def _init_worker(config) -> None:
    cached_pipeline(config)


def _analyze_chunk(articles: list[Article], config) -> list[ArticleAnalysis | Reject]:
    return list(cached_pipeline(config).analyze_many(articles, errors="reject"))


def analyze_stream(articles: Iterable[Article], config, *, workers: int = 1, pipeline=None,
                   chunk_size: int = 16) -> Iterator[ArticleAnalysis | Reject]:
    """Analyses of ``articles`` in input order, using ``workers`` processes; failed analyses become Rejects.

    In one process the pipeline is this process's :func:`cached_pipeline`, so that successive runs (the Python
    API, or runs forked from a process that has built it) load the model and the rule data once."""
    if workers <= 1:
        yield from (pipeline or cached_pipeline(config)).analyze_many(articles, errors="reject")
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(config,)) as pool:
        pending: deque[Future] = deque()
        iterator = iter(articles)
        chunks = iter(lambda: list(itertools.islice(iterator, chunk_size)), [])
        for chunk in chunks:
            pending.append(pool.submit(_analyze_chunk, chunk, config))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
