"""Run every evaluation whose gold set is present in ../shared and print one table (or JSON with --json).

    python evaluation/run.py [--limit N] [--json]

Each evaluation module has ``evaluate(pipeline, shared, limit) -> rows``; a row is
``{"eval": name, "system": "newsledger" or a peer, "metric": name, "value": float, "n": items scored}``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from evaluation import (conll_entities, petrarch2, plover_gsr, polnear_quotes, semeval_loaded_language,  # noqa: E402
                        te3_times, trnews_places)

SHARED = ROOT.parent / "shared"
#: (gold set under ../shared that must exist, evaluation)
EVALUATIONS = [
    ("peers/ner/eng.testb", conll_entities.evaluate),
    ("peers/plover/PLOVER_GSR_CAMEO.txt", plover_gsr.evaluate),
    ("peers/petrarch2/PETR2_GSR_validation.xml", petrarch2.evaluate),
    ("peers/temporal/te3-platinum", te3_times.evaluate),
    ("peers/geo/TR-News.xml", trnews_places.evaluate),
    ("peers/quotes/polnear-test", polnear_quotes.evaluate),
    ("peers/propaganda/semeval2023_task3_en.tar.gz", semeval_loaded_language.evaluate),
]


BASELINE = ROOT / "evaluation" / "baseline.json"
LOWER_IS_BETTER = ("false events",)


def run_all(pipeline, limit: int | None = None) -> list[dict]:
    """Every evaluation whose gold set is present; a message on stderr for each one skipped."""
    rows = []
    for needed, evaluate in EVALUATIONS:
        if not (SHARED / needed).exists():
            print(f"skipped: {SHARED / needed} is absent", file=sys.stderr)
            continue
        rows.extend(evaluate(pipeline, SHARED, limit))
    return rows


def gated(rows: list[dict]) -> dict[str, float]:
    """newsledger's own figures keyed ``evaluation | metric`` (the keys of baseline.json)."""
    return {f"{r['eval']} | {r['metric']}": round(r["value"], 4) for r in rows if r["system"] == "newsledger"}


def raise_baseline(rows: list[dict]) -> dict[str, float]:
    """The baseline with each figure raised to today's when today's is better; it never goes down."""
    baseline = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    for key, value in gated(rows).items():
        worse_is_higher = any(word in key for word in LOWER_IS_BETTER)
        old = baseline.get(key)
        if old is None or (value < old if worse_is_higher else value > old):
            baseline[key] = value
    BASELINE.write_text(json.dumps(dict(sorted(baseline.items())), indent=1) + "\n", encoding="utf-8")
    return baseline


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsledger evaluations against the peers' gold sets")
    parser.add_argument("--limit", type=int, help="only the first N documents of each gold set (quick check)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--raise-baseline", action="store_true",
                        help="raise evaluation/baseline.json to today's figures where they are better")
    args = parser.parse_args(argv)
    from newsledger import Pipeline

    rows = run_all(Pipeline(), args.limit)
    if args.raise_baseline and args.limit is None:
        raise_baseline(rows)
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print_table(rows)
    return 0


def print_table(rows: list[dict]) -> None:
    """One line per (evaluation, metric): newsledger's value, then each peer's, side by side."""
    systems = list(dict.fromkeys(r["system"] for r in rows))
    lines: dict[tuple[str, str], dict[str, dict]] = {}
    for row in rows:
        lines.setdefault((row["eval"], row["metric"]), {})[row["system"]] = row
    width = max([len(e) for e, _ in lines] + [10])
    print(f"{'evaluation':{width}}  {'metric':22}" + "".join(f"{s[:22]:>24}" for s in systems) + f"{'n':>8}")
    for (evaluation, metric), by_system in lines.items():
        cells = "".join(f"{by_system[s]['value']:24.3f}" if s in by_system else f"{'':24}" for s in systems)
        n = next(iter(by_system.values())).get("n", "")
        print(f"{evaluation:{width}}  {metric:22}{cells}{n:>8}")


if __name__ == "__main__":
    sys.exit(main())
