"""Analysis in worker processes: results in input order, and the workers gone once the stream has ended, so that
what runs next (an ingest's last corpus catch-up) does not share the machine with a model still in memory."""

from __future__ import annotations

import psutil
from conftest import DEMO

from newsledger.ingest import ReadOptions, read_articles
from newsledger.nlp.workers import analyze_stream
from newsledger.pipeline import PipelineConfig
from newsledger.records import ArticleAnalysis


def test_workers_stream_keeps_order_and_its_workers_are_gone_when_it_ends():
    articles = [a for a in read_articles([str(DEMO)], ReadOptions()) if hasattr(a, "text")][:3]
    me, workers, results = psutil.Process(), set(), []
    already = set(me.children(recursive=True))  # started by other tests in this process
    for result in analyze_stream(iter(articles), PipelineConfig(), apart=True, chunk_size=1):
        workers.update(p for p in me.children(recursive=True)
                       if p not in already and "resource_tracker" not in " ".join(p.cmdline()))
        results.append(result)
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert all(isinstance(r, ArticleAnalysis) and r.entities for r in results)
    assert workers, "apart=True analyses in a process of its own"
    assert not [w for w in workers if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]
