"""Analysis in worker processes: results in input order, and the workers gone once the stream has ended, so that
what runs next (an ingest's last corpus catch-up) does not share the machine with a model still in memory."""

from __future__ import annotations

import psutil
from conftest import DEMO

from newsledger.ingest import ReadOptions, read_articles
from newsledger.nlp import workers
from newsledger.nlp.workers import analyze_stream
from newsledger.pipeline import PipelineConfig
from newsledger.records import ArticleAnalysis


def test_workers_stream_keeps_order_reads_ahead_a_bounded_number_of_chunks_and_its_workers_are_gone_when_it_ends():
    articles = [a for a in read_articles([str(DEMO)], ReadOptions()) if hasattr(a, "text")][:6]
    assert len(articles) > workers.IN_FLIGHT
    me, processes, results, read = psutil.Process(), set(), [], []
    already = set(me.children(recursive=True))  # started by other tests in this process

    def reading():
        for article in articles:
            read.append(article)
            yield article

    read_at_first = None
    for result in analyze_stream(reading(), PipelineConfig(), apart=True, chunk_size=1):
        processes.update(p for p in me.children(recursive=True)
                         if p not in already and "resource_tracker" not in " ".join(p.cmdline()))
        results.append(result)
        read_at_first = len(read) if read_at_first is None else read_at_first
    assert read_at_first == workers.IN_FLIGHT  # one worker, chunks of one article: that many given, then waited for
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert all(isinstance(r, ArticleAnalysis) and r.entities for r in results)
    assert processes, "apart=True analyses in a process of its own"
    assert not [w for w in processes if w.is_running() and w.status() != psutil.STATUS_ZOMBIE]


def test_workers_pausing_all_but_one_stops_the_longest_running_and_the_stream_goes_on(monkeypatch):
    """A corpus catch-up takes one worker's place: the worker that has run longest is stopped (so that no worker
    goes on growing for a whole run), the other keeps taking chunks, and once resumed the stopped one starts
    again; at the next pause, it is the other's turn. (Two chunks in flight per worker, so that six articles leave
    chunks to give after each pause.)"""
    monkeypatch.setattr(workers, "IN_FLIGHT", 2)
    articles = [a for a in read_articles([str(DEMO)], ReadOptions()) if hasattr(a, "text")][:6]
    me = psutil.Process()
    already = set(me.children(recursive=True))

    def parsing() -> set[int]:
        alive = set()
        for process in set(me.children(recursive=True)) - already:
            try:
                if process.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(process.cmdline()):
                    alive.add(process.pid)
            except psutil.NoSuchProcess:
                pass
        return alive

    stream = analyze_stream(iter(articles), PipelineConfig(), workers=2, chunk_size=1)
    results, seen = [], []  # seen: the worker processes alive after each pause
    for result in stream:
        results.append(result)
        if len(results) in (2, 4):
            before = parsing()
            oldest = stream.started.index(min(stream.started))
            stream.pause(keep=1)
            seen.append((before, parsing(), oldest, set(stream.stopped)))
            stream.resume()
    assert [r.article.id for r in results] == [a.id for a in articles]
    (two, one, oldest, stopped), (two_again, one_again, oldest_again, stopped_again) = seen
    assert len(two) == 2 and len(one) == 1 and one < two and stopped == {oldest}
    assert len(two_again) == 2 and len(one_again) == 1 and stopped_again == {oldest_again} != stopped
    assert one_again < two_again and one_again != one


def test_workers_are_renewed_after_so_many_articles_and_analyse_as_one_process(pipeline, monkeypatch):
    """What grows in a worker with every new word must not grow for a whole run: a worker process given
    RENEW_AFTER articles is replaced by a new one, and the analyses are those of one process, in order."""
    monkeypatch.setattr(workers, "RENEW_AFTER", 2)
    monkeypatch.setattr(workers, "IN_FLIGHT", 1)  # each worker process is seen here before it is replaced
    articles = [a for a in read_articles([str(DEMO)], ReadOptions()) if hasattr(a, "text")][:5]
    me = psutil.Process()
    already = set(me.children())
    seen, results = {}, []
    for result in analyze_stream(iter(articles), PipelineConfig(), apart=True, chunk_size=1):
        for process in set(me.children()) - already:  # the workers are this process's own children
            try:
                command = " ".join(process.cmdline())
            except psutil.NoSuchProcess:
                continue
            if "spawn_main" in command and "resource_tracker" not in command:
                seen[process.pid] = command
        results.append(result)
    assert len(seen) == 3, seen  # articles 1-2, 3-4, then 5
    expected = list(analyze_stream(iter(articles), PipelineConfig(), pipeline=pipeline))
    assert [r.to_dict() for r in results] == [e.to_dict() for e in expected]
