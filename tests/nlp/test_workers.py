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
    already = set(psutil.Process().children(recursive=True))

    stream = analyze_stream(iter(articles), PipelineConfig(), workers=2, chunk_size=1)
    results, seen = [], []  # seen: the worker processes alive after each pause
    for result in stream:
        results.append(result)
        if len(results) in (2, 4):
            before = _workers_alive(already)
            oldest = stream.started.index(min(stream.started))
            stream.pause(keep=1)
            seen.append((before, _workers_alive(already), oldest, set(stream.stopped)))
            stream.resume()
    assert [r.article.id for r in results] == [a.id for a in articles]
    (two, one, oldest, stopped), (two_again, one_again, oldest_again, stopped_again) = seen
    assert len(two) == 2 and len(one) == 1 and one < two and stopped == {oldest}
    assert len(two_again) == 2 and len(one_again) == 1 and stopped_again == {oldest_again} != stopped
    assert one_again < two_again and one_again != one


def test_workers_pausing_without_waiting_goes_on_with_the_others_and_a_restarted_worker_takes_one_chunk_till_loaded(
        monkeypatch):
    """A corpus catch-up does not hold the run up while the worker whose place it takes finishes its chunks: that
    worker takes no more, the stream goes on (its results keep their places), and what ``pause`` returns waits until
    it is done and gone. Started again, a worker is given one chunk until it has analysed it (it is loading the
    pipeline meanwhile), and the worker that went on is given the rest of the read-ahead, so that it does not sit
    idle waiting for the first result of the one loading."""
    monkeypatch.setattr(workers, "IN_FLIGHT", 2)
    articles = [a for a in read_articles([str(DEMO)], ReadOptions()) if hasattr(a, "text")][:10]
    assert len(articles) == 10
    already = set(psutil.Process().children(recursive=True))

    def given(worker: int) -> int:  # chunks given to the worker whose results are not taken yet
        return sum(1 for item in stream.pending if isinstance(item, tuple) and item[0] == worker)

    stream = analyze_stream(iter(articles), PipelineConfig(), workers=2, chunk_size=1)
    results, restarted, loading_seen = [], None, []
    for result in stream:
        results.append(result)
        if len(results) == 2:
            before = _workers_alive(already)
            stopped = stream.pause(keep=1, wait=False)
            (stopping,) = stream.stopped
            kept = 1 - stopping
        elif len(results) == 4:
            stopped()  # as a catch-up does before it starts
            after = _workers_alive(already)
            assert len(before) == 2 and len(after) == 1 and after < before
            stream.resume()
            restarted = stopping
        elif restarted is not None and not stream.first[restarted].done():
            loading_seen.append((given(restarted), given(kept)))
    assert [r.article.id for r in results] == [a.id for a in articles]
    assert all(isinstance(r, ArticleAnalysis) for r in results)
    # chunks of one article, two in flight a worker: the restarted worker was given one; the other, the rest
    assert loading_seen and loading_seen[0] == (1, 2 * workers.IN_FLIGHT - 2), loading_seen
    assert all(mine == 1 for mine, _ in loading_seen), loading_seen


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


def _workers_alive(already: set[psutil.Process]) -> set[int]:
    """The pids of this process's worker processes now running, other than ``already``."""
    found = set()
    for process in set(psutil.Process().children(recursive=True)) - already:
        try:
            if process.status() != psutil.STATUS_ZOMBIE and "resource_tracker" not in " ".join(process.cmdline()):
                found.add(process.pid)
        except psutil.NoSuchProcess:
            pass
    return found
