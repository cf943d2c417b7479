"""Ingest throughput: end-to-end `ingest` against bare `nlp.pipe` on the same texts, in the same run.

    python benchmarks/ingest_throughput.py --articles 2000

Reads the first N articles that have text from ../shared/corpora/allsides_abp (or --corpus), times the bare spaCy
pipeline over their texts, then a full ingest (read, repair, parse, extract, store into a fresh DuckDB file) of
the same records, then the bare pipeline again (the two bare runs are averaged, so drift in the machine's speed
during the run does not favour either side), and prints articles/s, words/s, peak RSS and the ratio
end-to-end / bare.

Bare is measured twice over: the model as installed (``spacy.load``, which is what a user of spaCy runs), and the
model as newsledger loads it (the same model with numpy's BLAS for its matrix products, see
``newsledger.nlp.model.BlasOps``), so that the ratio says both how newsledger compares with running spaCy and how
much its own work costs on top of the same parse.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import resource
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "allsides_abp" / "articles.jsonl.gz"


def sample(corpus: Path, count: int, target: Path) -> int:
    """Write the first ``count`` records with text to the JSONL file ``target``; returns how many were written."""
    with gzip.open(corpus, "rt", encoding="utf-8") as source, target.open("w", encoding="utf-8") as out:
        records = (line for line in source if json.loads(line).get("text"))
        written = 0
        for line in itertools.islice(records, count):
            out.write(line)
            written += 1
    return written


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class TreeRss:
    """The peak of the RSS of this process and all its descendants added up, sampled every ``every`` seconds in
    a thread while the ``with`` block runs. A run whose model and corpus catch-ups live in processes of their own
    needs their sum at each moment, which no single process's peak says. A sample can miss a spike shorter than
    ``every``, so :attr:`peak_mb` is at least this process's own peak (``ru_maxrss``)."""

    def __init__(self, every: float = 0.1) -> None:
        self.every, self.peak_mb, self._stop = every, 0.0, threading.Event()

    def __enter__(self) -> TreeRss:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, peak_rss_mb())

    def _sample(self) -> None:
        import psutil

        me = psutil.Process()
        while not self._stop.wait(self.every):
            total = 0
            for process in (me, *me.children(recursive=True)):
                try:
                    total += process.memory_info().rss
                except psutil.Error:  # ended between the listing and the reading
                    pass
            self.peak_mb = max(self.peak_mb, total / 2**20)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000, help="how many articles (default 2,000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent (the benchmark reads ../shared)", file=sys.stderr)
        return 0

    from newsledger.ingest import ReadOptions, RejectsFile, read_articles
    from newsledger.nlp.model import load_installed
    from newsledger.pipeline import Pipeline
    from newsledger.run import ingest
    from newsledger.store.ledger import Ledger

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "sample.jsonl"
        count = sample(args.corpus, args.articles, path)
        texts = [a.text for a in read_articles([str(path)], ReadOptions()) if hasattr(a, "text")]
        words = sum(len(t.split()) for t in texts)
        pipeline = Pipeline()
        installed = load_installed()
        for nlp in (installed, pipeline.nlp):
            list(nlp.pipe(texts[:20]))  # warm up every path alike

        def bare_run(nlp) -> float:
            started = time.perf_counter()
            for _ in nlp.pipe(texts, batch_size=pipeline.config.batch_size):
                pass
            return time.perf_counter() - started

        # bare, end-to-end, bare again: the machine's drift during the run falls on both sides alike
        bare_before, same_before = bare_run(installed), bare_run(pipeline.nlp)
        with Ledger(folder / "bench.duckdb") as ledger, RejectsFile(folder / "rejects.jsonl") as rejects:
            started = time.perf_counter()
            report = ingest([str(path)], ledger, pipeline=pipeline, rejects=rejects)
            end_to_end = time.perf_counter() - started
        same = (same_before + bare_run(pipeline.nlp)) / 2
        bare = (bare_before + bare_run(installed)) / 2

    figures = {
        "articles": count, "words": words,
        "bare_articles_per_s": count / bare, "bare_words_per_s": words / bare,
        "articles_per_s": report.new / end_to_end, "words_per_s": words / end_to_end,
        "ratio_vs_bare_spacy": bare / end_to_end, "peak_rss_mb": peak_rss_mb(),
        "same_ops_articles_per_s": count / same, "ratio_vs_same_ops": same / end_to_end,
        "stored": report.new, "rejected": report.rejected,
    }
    if args.json:
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    else:
        print(f"{count:,} articles, {words:,} words, 1 process")
        print(f"bare nlp.pipe      {figures['bare_articles_per_s']:8.2f} articles/s {figures['bare_words_per_s']:10,.0f} words/s"
              "  (the model as installed)")
        print(f"bare, same ops     {figures['same_ops_articles_per_s']:8.2f} articles/s"
              "  (the model as newsledger loads it: numpy's BLAS)")
        print(f"end-to-end ingest  {figures['articles_per_s']:8.2f} articles/s {figures['words_per_s']:10,.0f} words/s")
        print(f"ratio end-to-end / bare: {figures['ratio_vs_bare_spacy']:.3f}; "
              f"/ bare with the same ops: {figures['ratio_vs_same_ops']:.3f}")
        print(f"peak RSS: {figures['peak_rss_mb']:.0f} MB; stored {report.new}, rejected {report.rejected}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
