"""The benchmarks of `make bench`, in one run and one table: throughput, memory, query latency, Dask.

    python benchmarks/run.py --articles 10000          # the table
    python benchmarks/run.py --articles 200 --json     # one JSON object

On the first N articles with text of ../shared/corpora/allsides_abp (or --corpus), each measurement in a fresh
subprocess so that their memory peaks do not mix:

(a) end-to-end ingest (read, repair, parse, extract, store into a new DuckDB file), 1 and 2 processes;
(b) bare ``nlp.pipe`` of the same full spaCy pipeline on the same texts with the same process count, run just
    before (the ratio is bare time / end-to-end time: above 1.0 means faster than the bare parser). Bare is the
    model as installed (``spacy.load``, what a user of spaCy runs); on 1 process also the model as newsledger
    loads it (numpy's BLAS for its matrix products), which says what newsledger's own work costs on the same parse;
(c) peak RSS of a 1-process ingest of N/10 and of N articles (flat memory: the two are close);
(d) latency of ``Ledger.events`` with each filter (a page of 100 rows) on a store of at least 1,000,000 events,
    made from the 1-process run's ledger by replicating its articles and events with shifted ids and dates;
(e) the Dask engine on a 2-worker LocalCluster against the local engine with 2 processes.

Times include starting the worker processes (each loads the pipeline), but not loading it in the main process.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from ingest_throughput import DEFAULT_CORPUS, TreeRss, sample  # noqa: E402  (the same sampler and RSS reading)

QUERY_EVENTS = 1_000_000
QUERY_PAGE = 100
QUERY_REPEATS = 10


# -- the measurements, each run in its own process -------------------------------------------------------------

def child_bare(source: Path, workers: int, model: str) -> dict:
    """``model``: "installed" (``spacy.load``) or "newsledger" (the model as newsledger loads it)."""
    from newsledger.ingest import ReadOptions, read_articles
    from newsledger.nlp.model import load_installed
    from newsledger.pipeline import Pipeline, PipelineConfig

    texts = [a.text for a in read_articles([str(source)], ReadOptions()) if hasattr(a, "text")]
    nlp = load_installed() if model == "installed" else Pipeline().nlp
    list(nlp.pipe(texts[:10]))
    started = time.perf_counter()
    first = None
    for _ in nlp.pipe(texts, batch_size=PipelineConfig().batch_size, n_process=workers):
        first = first or time.perf_counter()
    ended = time.perf_counter()
    return {"seconds": ended - started, "articles": len(texts), "words": sum(len(t.split()) for t in texts),
            "steady_rate": (len(texts) - 1) / (ended - first) if first and ended > first else None}


def child_ingest(source: Path, workers: int, db: Path) -> dict:
    from newsledger.ingest import RejectsFile
    from newsledger.run import ingest
    from newsledger.store.ledger import Ledger

    commits: list[tuple[float, int]] = []  # (when, articles) of each committed batch
    # as `newsledger ingest` runs: the model in worker processes, the corpus catch-ups in a process of their own
    with TreeRss() as rss, Ledger(db) as ledger, RejectsFile(db.with_suffix(".rejects.jsonl")) as rejects:
        started = time.perf_counter()
        report = ingest([str(source)], ledger, rejects=rejects, workers=workers,
                        on_progress=lambda articles, _: commits.append((time.perf_counter(), articles)))
        seconds = time.perf_counter() - started
    after_first = sum(n for _, n in commits[1:])
    steady = after_first / (commits[-1][0] - commits[0][0]) if len(commits) > 1 else None
    return {"seconds": seconds, "articles": report.new, "words": report.words, "rejected": report.rejected,
            "rss_mb": rss.peak_mb, "steady_rate": steady}


def child_dask(source: Path, workers: int, dataset: Path) -> dict:
    from newsledger.ingest import RejectsFile
    from newsledger.scale import ingest_dask

    with RejectsFile(dataset.with_suffix(".rejects.jsonl")) as rejects:
        started = time.perf_counter()
        report = ingest_dask([str(source)], dataset, workers=workers, rejects=rejects)
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "articles": report.new, "words": report.words}


def child_query(db: Path, store: Path) -> dict:
    from newsledger.store.ledger import Ledger

    started = time.perf_counter()
    events = build_query_store(db, store)
    built = time.perf_counter() - started
    with Ledger(store, read_only=True) as ledger:
        cases = query_cases(ledger)
        latencies: dict[str, list[float]] = {}
        for name, (filters, extra) in cases.items():
            ledger.events(filters, **extra)
            for _ in range(QUERY_REPEATS):
                started = time.perf_counter()
                ledger.events(filters, **extra)
                latencies.setdefault(name, []).append(1000 * (time.perf_counter() - started))
    every = sorted(itertools.chain.from_iterable(latencies.values()))
    return {"events": events, "build_seconds": built, "p50_ms": percentile(every, 50),
            "p95_ms": percentile(every, 95),
            "by_filter": {name: percentile(sorted(values), 50) for name, values in latencies.items()}}


def build_query_store(db: Path, store: Path) -> int:
    """Replicate ``db``'s articles and events with shifted ids and dates until there are 1M events or more.

    The copies of the articles leave out their text and stored analysis (the ``events`` queries never read
    them, and a million events' worth of them would take gigabytes)."""
    import duckdb

    from newsledger.store.ledger import Ledger

    for path in (db, store):  # both at the current schema version
        with Ledger(path):
            pass
    con = duckdb.connect(str(store))
    con.execute(f"ATTACH '{db}' AS real (READ_ONLY)")
    (events,) = con.execute("SELECT count(*) FROM real.events").fetchone()
    copies = max(1, math.ceil(QUERY_EVENTS / max(events, 1)))
    con.execute(f"CREATE TEMP TABLE copies AS SELECT range AS k FROM range({copies})")
    con.execute("INSERT INTO articles SELECT a.* REPLACE (a.id || '~' || c.k AS id, "
                "a.published + CAST(c.k % 3650 AS INTEGER) AS published, '' AS text, '{}' AS analysis) "
                "FROM real.articles a, copies c")
    con.execute("INSERT INTO events SELECT v.* REPLACE (v.article_id || '~' || c.k AS article_id, "
                "v.event_date + CAST(c.k % 3650 AS INTEGER) AS event_date, "
                "v.published + CAST(c.k % 3650 AS INTEGER) AS published) FROM real.events v, copies c")
    con.execute("DETACH real")
    con.execute("CHECKPOINT")
    (stored,) = con.execute("SELECT count(*) FROM events").fetchone()
    con.close()
    return stored


def query_cases(ledger) -> dict:
    """One ``events`` query per filter, each with a value that the store actually holds."""
    from newsledger.store.queries import Filters

    def common(column: str, table: str = "events") -> str:
        return ledger.con.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL GROUP BY 1 "
                                  "ORDER BY count(*) DESC, 1 LIMIT 1").fetchone()[0]

    first, last = ledger.con.execute("SELECT min(event_date), max(event_date) FROM events").fetchone()
    middle = first + (last - first) / 2
    year_later = middle + datetime.timedelta(days=365)
    page = {"limit": QUERY_PAGE}
    return {
        "none": (Filters(**page), {}),
        "outlet": (Filters(outlet=common("outlet", "articles"), **page), {}),
        "since/until": (Filters(since=str(middle), until=str(year_later), **page), {}),
        "entity": (Filters(entity=common("source_name"), **page), {}),
        "country": (Filters(country=common("source_country"), **page), {}),
        "code": (Filters(**page), {"code": common("cameo")[:2]}),
        "root": (Filters(**page), {"root": common("root")}),
        "quad": (Filters(**page), {"quad": 4}),
        "source_country": (Filters(**page), {"source_country": common("source_country")}),
        "target_country": (Filters(**page), {"target_country": common("target_country")}),
        "modality": (Filters(**page), {"modality": "negated"}),
    }


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    index = (len(values) - 1) * p / 100
    low, high = math.floor(index), math.ceil(index)
    return values[low] + (values[high] - values[low]) * (index - low)


CHILDREN = {"bare": child_bare, "ingest": child_ingest, "dask": child_dask, "query": child_query}


def in_child(kind: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--child", kind, *args]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0:
        raise SystemExit(f"benchmark step {kind} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- the run ---------------------------------------------------------------------------------------------------

def measure(corpus: Path, count: int, folder: Path, dask: bool, say) -> dict:
    large, small = folder / "large.jsonl", folder / "small.jsonl"
    count = sample(corpus, count, large)
    small_count = sample(corpus, max(1, count // 10), small)
    say(f"{count:,} articles sampled; bare 1 process")
    bare1 = in_child("bare", str(large), "1", "installed")
    say("bare 1 process, the model as newsledger loads it")
    same1 = in_child("bare", str(large), "1", "newsledger")
    say("ingest, 1 process")
    ingest1 = in_child("ingest", str(large), "1", str(folder / "one.duckdb"))
    say("bare, 2 processes")
    bare2 = in_child("bare", str(large), "2", "installed")
    say("ingest, 2 processes")
    ingest2 = in_child("ingest", str(large), "2", str(folder / "two.duckdb"))
    say(f"ingest of {small_count:,} articles (memory)")
    ingest_small = in_child("ingest", str(small), "1", str(folder / "small.duckdb"))
    dask_run = None
    if dask:
        say("Dask, 2-worker LocalCluster")
        dask_run = in_child("dask", str(large), "2", str(folder / "dataset"))
    say("events queries on >= 1M events")
    queries = in_child("query", str(folder / "one.duckdb"), str(folder / "query.duckdb"))

    rate = lambda run: run["articles"] / run["seconds"]  # noqa: E731
    words = lambda run: run["words"] / run["seconds"]  # noqa: E731
    return {
        "articles": count, "articles_small": small_count, "cores": os.cpu_count(),
        "articles_per_s_1p": rate(ingest1), "articles_per_s_2p": rate(ingest2),
        "words_per_s_1p": words(ingest1), "words_per_s_2p": words(ingest2),
        "bare_articles_per_s_1p": rate(bare1), "bare_articles_per_s_2p": rate(bare2),
        "ratio_vs_bare_spacy_1p": bare1["seconds"] / ingest1["seconds"],
        "ratio_vs_bare_spacy_2p": bare2["seconds"] / ingest2["seconds"],
        "ratio_vs_same_ops_1p": same1["seconds"] / ingest1["seconds"],
        "scaling_2p": rate(ingest2) / rate(ingest1),
        "steady_articles_per_s_1p": ingest1["steady_rate"], "steady_articles_per_s_2p": ingest2["steady_rate"],
        "steady_ratio_vs_bare_spacy_1p": ratio(ingest1["steady_rate"], bare1["steady_rate"]),
        "steady_ratio_vs_bare_spacy_2p": ratio(ingest2["steady_rate"], bare2["steady_rate"]),
        "steady_scaling_2p": ratio(ingest2["steady_rate"], ingest1["steady_rate"]),
        "rss_mb_small": ingest_small["rss_mb"], "rss_mb_large": ingest1["rss_mb"],
        "query_events": queries["events"], "query_build_s": queries["build_seconds"],
        "query_p50_ms": queries["p50_ms"], "query_p95_ms": queries["p95_ms"],
        "query_p50_ms_by_filter": queries["by_filter"],
        "dask_articles_per_s": rate(dask_run) if dask_run else None,
        "dask_vs_local": rate(dask_run) / rate(ingest2) if dask_run else None,
        "stored": ingest1["articles"], "rejected": ingest1["rejected"],
    }


def ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def _figure(value: float | None, unit: str = "") -> str:
    return "n/a" if value is None else f"{value:.3f}{unit}"


def print_table(f: dict) -> None:
    rows = [
        ("articles", f"{f['articles']:,}", f"first records with text; machine has {f['cores']} cores"),
        ("end-to-end, 1 process", f"{f['articles_per_s_1p']:.2f} art/s", f"{f['words_per_s_1p']:,.0f} words/s"),
        ("end-to-end, 2 processes", f"{f['articles_per_s_2p']:.2f} art/s", f"{f['words_per_s_2p']:,.0f} words/s"),
        ("bare nlp.pipe, 1 process", f"{f['bare_articles_per_s_1p']:.2f} art/s", "same texts, full pipeline"),
        ("bare nlp.pipe, 2 processes", f"{f['bare_articles_per_s_2p']:.2f} art/s", "n_process=2"),
        ("ratio vs bare, 1 process", f"{f['ratio_vs_bare_spacy_1p']:.3f}",
         "bare time / end-to-end time; bare = the model as installed"),
        ("ratio vs bare same ops, 1 proc.", f"{f['ratio_vs_same_ops_1p']:.3f}",
         "bare = the model as newsledger loads it (numpy's BLAS)"),
        ("ratio vs bare, 2 processes", f"{f['ratio_vs_bare_spacy_2p']:.3f}", ""),
        ("scaling, 2 / 1 process", f"{f['scaling_2p']:.3f}", "end-to-end"),
        ("steady rate, 1 process", _figure(f["steady_articles_per_s_1p"], " art/s"),
         "after the first committed batch (no start-up)"),
        ("steady rate, 2 processes", _figure(f["steady_articles_per_s_2p"], " art/s"), ""),
        ("steady ratio vs bare, 1 / 2 proc.",
         f"{_figure(f['steady_ratio_vs_bare_spacy_1p'])} / {_figure(f['steady_ratio_vs_bare_spacy_2p'])}",
         "bare: after its first document"),
        ("steady scaling, 2 / 1 process", _figure(f["steady_scaling_2p"]), ""),
        ("peak RSS, small run", f"{f['rss_mb_small']:.0f} MB",
         f"{f['articles_small']:,} articles, 1 process; all of the run's processes added up"),
        ("peak RSS, large run", f"{f['rss_mb_large']:.0f} MB",
         f"{f['articles']:,} articles; large / small = {f['rss_mb_large'] / f['rss_mb_small']:.3f}"),
        ("events query p50", f"{f['query_p50_ms']:.1f} ms",
         f"{f['query_events']:,} events, {len(f['query_p50_ms_by_filter'])} filters, page of {QUERY_PAGE}"),
        ("events query p95", f"{f['query_p95_ms']:.1f} ms", f"store built in {f['query_build_s']:.0f} s"),
    ]
    rows += [(f"  p50 {name}", f"{ms:.1f} ms", "") for name, ms in f["query_p50_ms_by_filter"].items()]
    if f["dask_vs_local"] is not None:
        rows.append(("Dask 2 workers / local 2 processes", f"{f['dask_vs_local']:.3f}",
                     f"{f['dask_articles_per_s']:.2f} art/s on a LocalCluster"))
    width = max(len(r[0]) for r in rows)
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:>14}  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000, help="how many articles (default 10,000)")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--no-dask", action="store_true", help="leave out the Dask comparison")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.child:
        kind = args.child
        values = [Path(rest[0]), *(int(v) if v.isdigit() else v if v in ("installed", "newsledger") else Path(v)
                                   for v in rest[1:])]
        print(json.dumps(CHILDREN[kind](*values)))
        return 0
    if not args.corpus.exists():
        print(f"skipped: {args.corpus} is absent (the benchmark reads ../shared)", file=sys.stderr)
        return 0
    say = lambda text: print(f"… {text}", file=sys.stderr, flush=True)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="newsledger-bench-") as tmp:
        figures = measure(args.corpus, args.articles, Path(tmp), not args.no_dask, say)
    if args.json:
        print(json.dumps({k: round(v, 3) if isinstance(v, float) else v for k, v in figures.items()}))
    else:
        print_table(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
