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

_worker_pipeline = None


def _init_worker(config) -> None:
    global _worker_pipeline
    from ..pipeline import Pipeline

    _worker_pipeline = Pipeline(config)


def _analyze_chunk(articles: list[Article]) -> list[ArticleAnalysis | Reject]:
    return list(_worker_pipeline.analyze_many(articles, errors="reject"))


def analyze_stream(articles: Iterable[Article], config, *, workers: int = 1, pipeline=None,
                   chunk_size: int = 16) -> Iterator[ArticleAnalysis | Reject]:
    """Analyses of ``articles`` in input order, using ``workers`` processes; failed analyses become Rejects."""
    if workers <= 1:
        from ..pipeline import Pipeline

        yield from (pipeline or Pipeline(config)).analyze_many(articles, errors="reject")
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                             initargs=(config,)) as pool:
        pending: deque[Future] = deque()
        iterator = iter(articles)
        chunks = iter(lambda: list(itertools.islice(iterator, chunk_size)), [])
        for chunk in chunks:
            pending.append(pool.submit(_analyze_chunk, chunk))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
