"""An ingest run: read → skip what is stored → analyse → store, with every rejected record written down.

Articles already in the ledger are skipped before the (costly) analysis, and checked again just before each write,
so the same input ingested twice stores nothing new and duplicates inside one input are stored once.

Records are *settled* in input order (stored, skipped as present, or rejected), and each batch is committed in
one transaction together with the run's counts and, per input, how far the run got. A run killed at any point
has therefore stored whole batches only, and its record says exactly what they hold; ``resume=True`` continues
it from there without reading again what it had settled.

Memory: by default the model runs in worker processes and the corpus layer catches up in a process of its own
(``apart``), and the ledger's file is reopened every :data:`REOPEN_EVERY` articles, so that what a long run holds
does not grow with the ledger it writes. With one worker, the worker is stopped while the corpus layer catches up;
with more, the catch-up takes one worker's place and the others go on, their analyses held in memory until the
ledger's file is back (:data:`HOLD_WHILE_CATCHING_UP`).
"""

from __future__ import annotations

import itertools
import json
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import BinaryIO

from . import corpus
from .ingest import Position, ReadOptions, RejectsFile, expand_paths, read_positioned
from .nlp.workers import AnalysisStream, analyze_stream
from .pipeline import Pipeline, PipelineConfig
from .records import Article, ArticleAnalysis, Reject
from .store.ledger import Checkpoint, Ledger, RunCounts, RunState

Progress = Callable[[int, int], None]  # (articles done, words done)

#: A hook for the crash tests: ``commit:N`` pauses the run after its Nth commit, ``write:N`` inside the Nth
#: write's transaction just before it commits, ``corpus:STEP`` a corpus catch-up's step just before it commits
#: (:mod:`.corpus.progress`), so that a test can kill the process there.
PAUSE_ENV = "NEWSLEDGER_TEST_PAUSE"
READ_CHUNK = 256
#: The corpus layer catches up during a run, not only at its end, once this many new articles wait — or half as
#: many as the ledger held at its last catch-up, if more: its working memory is then that of a bounded share of the
#: run, its tables are current while a long run goes on, and since each catch-up re-links the blocks it touches
#: whole, their number grows with the logarithm of the ledger's size rather than with the run's length.
CORPUS_EVERY = 1000
#: The ledger's file is closed and opened again after this many articles written: while it stays open, DuckDB holds
#: on to memory from every write (about 200 MB per 1,000 articles, next to about 30 MB it reports in use), and a
#: reopened file starts afresh; the corpus layer's catch-ups, less frequent as the ledger grows, reopen it too.
REOPEN_EVERY = 500
#: With several workers, a corpus catch-up runs while all but one go on analysing; the ledger's file is the
#: catch-up's meanwhile, so what they analyse waits in memory to be written, up to this many articles (then the
#: run waits for the catch-up to end). Articles read meanwhile are not checked against the ledger before their
#: analysis, only, as always, just before they are written. The chunks of the worker stopped for the catch-up
#: settle there too (up to 64 articles), and a catch-up of a 10,000-article ledger takes about 35 s, in which one
#: worker analyses about 260: with 256, the last catch-ups of a 10,000-article run left a worker idle for 10 s.
HOLD_WHILE_CATCHING_UP = 512


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
    resumed: bool = False

    def summary(self) -> str:
        text = f"{self.read} read, {self.new} new, {self.present} already present"
        if self.rejected:
            text += f", {self.rejected} rejected (see {self.rejects_path})"
        return text


def ingest(paths: Sequence[str], ledger: Ledger, *, config: PipelineConfig = PipelineConfig(),
           options: ReadOptions | None = None, rejects: RejectsFile, workers: int = 1,
           pipeline: Pipeline | None = None, stdin: BinaryIO | None = None, batch_size: int = 64,
           resume: bool = False, on_reject: Callable[[Reject], None] | None = None,
           on_progress: Progress | None = None, corpus_every: int = CORPUS_EVERY,
           apart: bool | None = None) -> IngestReport:
    """Ingest ``paths`` into ``ledger``; returns the counts. Rejected records go to ``rejects``.

    With ``resume`` the last run of the same command over the same inputs, if it was interrupted, is continued:
    same run record, its rejects file kept up to its last commit, the inputs read on from where it stopped.

    With ``apart`` the analysis runs in worker processes even with one worker, and the corpus layer catches up in
    a process of its own in place of one of them (:func:`_catch_up`): with one worker the run's memory is then the
    larger of the two, never their sum, and neither keeps what it held once done. The default is ``apart`` unless
    a built ``pipeline`` is passed to be used here (the Python API, the tests) or the ledger is in memory.
    """
    if apart is None:
        apart = pipeline is None and ledger.in_file
    started = time.perf_counter()
    options = options or ReadOptions()
    paths = expand_paths(paths)  # progress is kept per file
    meta = pipeline.meta if pipeline is not None else run_meta(config)
    key = json.dumps(asdict(options), sort_keys=True)
    state = ledger.interrupted_run("ingest", list(paths), meta, key) if resume else None
    if state is not None:
        rejects.resume(state.counts.rejects_bytes)
        run = _Run(ledger, state.id, state.counts, rejects, batch_size, on_reject, on_progress, corpus_every)
        todo, after = _resume_points(paths, state)
    else:
        run_id = ledger.start_run("ingest", list(paths), meta, key)
        run = _Run(ledger, run_id, RunCounts(), rejects, batch_size, on_reject, on_progress, corpus_every)
        todo, after = list(paths), {}

    items = read_positioned(todo, options, stdin=stdin, resume=after) if todo else iter(())
    stream = analyze_stream(run.to_analyse(items), config, workers=workers, pipeline=pipeline, apart=apart)
    run.catch_up = lambda final=False: _catch_up(ledger, stream, apart, final)
    try:
        for result in stream:
            run.analysed(result)
        run.finish()
    finally:
        run.abandon_catch_up()
    run.catch_up(final=True)  # cross-article tables: corpus entities, duplicate groups, canonical events
    rejects.close()
    counts = run.counts
    rejects_path = str(rejects.path) if counts.rejected else None
    ledger.finish_run(run.run_id, read=counts.read, new=counts.new, present=counts.present,
                      rejected=counts.rejected, rejects_path=rejects_path, words=counts.words)
    return IngestReport(run.run_id, counts.read, counts.new, counts.present, counts.rejected, counts.words,
                        time.perf_counter() - started, rejects_path, resumed=state is not None)


class _Run:
    """Settles records in input order and commits them in batches with the run's counts and progress."""

    def __init__(self, ledger: Ledger, run_id: int, counts: RunCounts, rejects: RejectsFile, batch_size: int,
                 on_reject: Callable[[Reject], None] | None, on_progress: Progress | None,
                 corpus_every: int) -> None:
        self.ledger, self.run_id, self.counts, self.rejects = ledger, run_id, counts, rejects
        self.corpus_every, self.since_corpus = corpus_every, 0  # new articles since the corpus layer last ran
        self.corpus_held = ledger.article_count()  # articles the ledger held when the corpus layer last ran
        self.since_open = 0  # articles written since the ledger's file was last opened
        self.batch_size, self.on_reject, self.on_progress = batch_size, on_reject, on_progress
        # read and not yet settled, in input order: ("analyse" | "present" | "reject", reject or None, position)
        self.pending: deque[tuple[str, Reject | None, Position]] = deque()
        self.batch: list[ArticleAnalysis] = []
        self.unsaved = 0  # records settled since the last commit
        self.reached: dict[str, Position] = {}  # per input, the last record settled since the last commit
        self.position: Position | None = None  # the last record settled
        self.commits = 0
        self.pause = _pause_point()
        # brings the corpus layer up to date, or starts doing so in the background and returns that
        self.catch_up: Callable[..., CatchUp | None] = lambda final=False: corpus.update(ledger)
        self.catching_up: CatchUp | None = None  # a catch-up going on while the analysis goes on

    def to_analyse(self, items: Iterator[tuple[Article | Reject, Position]]) -> Iterator[Article]:
        """The articles to analyse; the rest of what is read waits in order to be settled."""
        while chunk := list(itertools.islice(items, READ_CHUNK)):
            ids = [item.id for item, _ in chunk if isinstance(item, Article)]
            stored = self.ledger.present(ids) if self._ledger_back(wait=False) else set()
            fresh = []
            for item, position in chunk:
                if isinstance(item, Reject):
                    self.pending.append(("reject", item, position))
                elif item.id in stored:
                    self.pending.append(("present", None, position))
                else:
                    self.pending.append(("analyse", None, position))
                    fresh.append(item)
            self._settle_waiting()
            yield from fresh

    def analysed(self, result: ArticleAnalysis | Reject) -> None:
        """The next analysis, in input order (a Reject when the analysis failed)."""
        kind, _, position = self.pending.popleft()
        assert kind == "analyse", kind
        if isinstance(result, Reject):
            self._reject(result)
        else:
            self.counts.read += 1
            self.batch.append(result)
        self._settled(position)
        self._settle_waiting()
        if self.catching_up is not None and not self.catching_up.thread.is_alive():
            self._flush()  # the catch-up has ended: what waited is written and its worker starts again now

    def finish(self) -> None:
        self._settle_waiting()
        self._flush(final=True)

    def _settle_waiting(self) -> None:
        """Settle the records at the head of the queue that wait for no analysis."""
        while self.pending and self.pending[0][0] != "analyse":
            kind, item, position = self.pending.popleft()
            if kind == "reject":
                self._reject(item)
            else:
                self.counts.read += 1
                self.counts.present += 1
            self._settled(position)

    def _reject(self, item: Reject) -> None:
        self.counts.rejected += 1
        self.rejects.write(item)
        if self.on_reject is not None:
            self.on_reject(item)

    def _settled(self, position: Position) -> None:
        if self.position is not None and position.path != self.position.path:
            self.reached[self.position.path] = _done(self.position)
        self.position = self.reached[position.path] = position
        self.unsaved += 1
        if len(self.batch) >= self.batch_size or self.unsaved >= 16 * self.batch_size:
            self._flush()

    def abandon_catch_up(self) -> None:
        """Wait for a catch-up going on, whatever happened meanwhile, so that the ledger's file is back here."""
        if self.catching_up is not None:
            self.catching_up.thread.join()

    def _ledger_back(self, wait: bool) -> bool:
        """Whether the ledger's file is here (no catch-up going on, or it has ended; with ``wait``, once it has)."""
        if self.catching_up is None:
            return True
        if not wait and self.catching_up.thread.is_alive():
            return False
        catching_up, self.catching_up = self.catching_up, None
        catching_up.end()
        return True

    def _flush(self, final: bool = False) -> None:
        if not self._ledger_back(wait=final or len(self.batch) >= HOLD_WHILE_CATCHING_UP):
            return  # settled records wait for the ledger's file, their positions and counts with them
        if final and self.position is not None:
            self.reached[self.position.path] = _done(self.position)
        if not self.batch and not self.reached:
            return
        stored = self.ledger.present([a.article.id for a in self.batch])
        fresh: dict[str, ArticleAnalysis] = {}
        for analysis in self.batch:
            if analysis.article.id in stored or analysis.article.id in fresh:
                self.counts.present += 1
            else:
                fresh[analysis.article.id] = analysis
        words = sum(len(a.article.text.split()) for a in fresh.values())
        self.counts.new += len(fresh)
        self.counts.words += words
        self.rejects.flush()
        self.counts.rejects_bytes = self.rejects.size
        self.commits += 1
        inside = self.pause == ("write", self.commits)
        self.ledger.write(fresh.values(), self.run_id,
                          checkpoint=Checkpoint(self.counts, [_progress_row(p) for p in self.reached.values()]),
                          before_commit=_pause if inside else None)
        if self.pause == ("commit", self.commits):
            _pause()
        if self.on_progress is not None and self.batch:
            self.on_progress(len(self.batch), words)
        self.batch.clear()
        self.reached.clear()
        self.unsaved = 0
        self.since_corpus += len(fresh)
        self.since_open += len(fresh)
        if not final and self.since_corpus >= max(self.corpus_every, self.corpus_held // 2):
            self.since_corpus, self.corpus_held, self.since_open = 0, self.ledger.article_count(), 0
            self.catching_up = self.catch_up()
        elif not final and self.since_open >= REOPEN_EVERY:
            self.ledger.reopen()
            self.since_open = 0


class CatchUp:
    """A corpus catch-up in processes of its own, watched by a thread, while the run goes on analysing."""

    def __init__(self, ledger: Ledger, stream: AnalysisStream, stopped: Callable[[], None]) -> None:
        self.stream, self.error = stream, None
        self.thread = threading.Thread(target=self._run, args=(ledger, stopped), name="corpus catch-up",
                                       daemon=True)
        self.thread.start()

    def _run(self, ledger: Ledger, stopped: Callable[[], None]) -> None:
        try:
            stopped()  # the worker whose place it takes has finished its chunks and is gone
            corpus.update_apart(ledger)
        except BaseException as error:  # noqa: BLE001 - raised again in the run's thread by end()
            self.error = error

    def end(self) -> None:
        """Wait for it; the stopped worker goes back to work, and a failure is raised here."""
        self.thread.join()
        self.stream.resume()
        if self.error is not None:
            raise self.error


def _catch_up(ledger: Ledger, stream: AnalysisStream, apart: bool, final: bool = False) -> CatchUp | None:
    """The corpus layer brought up to date; ``apart``, in a process of its own. What a catch-up holds grows with
    the ledger, and what a parsing process holds does not, so a parsing process is stopped meanwhile: run apart,
    one's peak never adds to the other's, and neither is kept after. With one worker that is the analysis stopped
    (the stream starts it again); with several, one of them, and the catch-up runs in the background, on that
    worker's core and memory, while the others go on (returned, for the run to wait for): it starts once that
    worker has finished the chunks it was given, and the run goes on giving chunks to the others meanwhile."""
    if apart and not final and stream.workers > 1:
        return CatchUp(ledger, stream, stream.pause(keep=stream.workers - 1, wait=False))
    stream.pause()
    if apart:
        corpus.update_apart(ledger)
    else:
        corpus.update(ledger)
    return None


def _done(position: Position) -> Position:
    return Position(position.path, position.items, position.line, position.offset, done=True)


def _progress_row(position: Position) -> tuple:
    size = mtime = None
    if position.path != "-":
        try:
            stat = os.stat(position.path)
            size, mtime = stat.st_size, stat.st_mtime_ns
        except OSError:
            pass
    return (position.path, position.items, position.line, position.offset, size, mtime, position.done)


def _resume_points(paths: Sequence[str], state: RunState) -> tuple[list[str], dict[str, Position]]:
    """The inputs still to read and where to pick each up; an input changed since (size or time) is read again."""
    todo: list[str] = []
    after: dict[str, Position] = {}
    for path in paths:
        row = state.progress.get(path)
        if row is not None and path != "-" and not _unchanged(path, row):
            row = None
        if row is not None and row["done"]:
            continue
        todo.append(path)
        if row is not None:
            after[path] = Position(path, row["items"], row["line"], row["offset"])
    return todo, after


def _unchanged(path: str, row: dict) -> bool:
    try:
        stat = os.stat(path)
    except OSError:
        return False
    return (stat.st_size, stat.st_mtime_ns) == (row["size"], row["mtime_ns"])


def _pause_point() -> tuple[str, int] | None:
    value = os.environ.get(PAUSE_ENV)
    if not value:
        return None
    stage, _, number = value.partition(":")
    return (stage, int(number)) if number.isdigit() else None  # ``corpus:STEP`` is the corpus layer's


def _pause() -> None:
    print(f"{PAUSE_ENV}: paused", file=sys.stderr, flush=True)
    time.sleep(3600)


def run_meta(config: PipelineConfig) -> dict[str, str]:
    from . import __version__
    from .pipeline import rules_version

    return {"newsledger": __version__, "model": config.model or "default", "rules": rules_version(config.rules)}
