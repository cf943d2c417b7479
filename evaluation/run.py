"""Run every evaluation whose gold set is present in ../shared and print one table (or JSON with --json).

    python evaluation/run.py [--limit N] [--gate] [--json] [--raise-baseline]

It ends by naming every figure below evaluation/baseline.json; tests/test_eval_gate.py fails on the same check
over the gate's subsets (the first documents of each gold set), which take a minute or two.

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
#: (gold set under ../shared that must exist, evaluation, documents the fast gate scores)
EVALUATIONS = [
    ("peers/ner/eng.testb", conll_entities.evaluate, 60),
    ("peers/plover/PLOVER_GSR_CAMEO.txt", plover_gsr.evaluate, 120),
    ("peers/petrarch2/PETR2_GSR_validation.xml", petrarch2.evaluate, None),
    ("peers/temporal/te3-platinum", te3_times.evaluate, None),
    ("peers/geo/TR-News.xml", trnews_places.evaluate, 30),
    ("peers/quotes/polnear-test", polnear_quotes.evaluate, 20),
    ("peers/propaganda/semeval2023_task3_en.tar.gz", semeval_loaded_language.evaluate_both, 60),
]

#: The figures no change may lower: ``full`` from `make eval`, ``gate`` from the same evaluations on their first
#: documents (the fast test in tests/test_eval_gate.py). Only ever raised, by ``--raise-baseline``.
BASELINE = ROOT / "evaluation" / "baseline.json"
LOWER_IS_BETTER = ("false events",)


def run_all(pipeline, limit: int | None = None, *, gate: bool = False) -> list[dict]:
    """Every evaluation whose gold set is present (on the gate's subsets with ``gate``); a message on stderr
    for each one skipped."""
    rows = []
    for needed, evaluate, gate_limit in EVALUATIONS:
        if not (SHARED / needed).exists():
            print(f"skipped: {SHARED / needed} is absent", file=sys.stderr)
            continue
        rows.extend(evaluate(pipeline, SHARED, gate_limit if gate else limit))
    return rows


def gated(rows: list[dict]) -> dict[str, float]:
    """newsledger's own figures keyed ``evaluation | metric`` (the keys of baseline.json)."""
    return {f"{r['eval']} | {r['metric']}": round(r["value"], 4) for r in rows if r["system"] == "newsledger"}


def worse(key: str, value: float, floor: float) -> bool:
    """Whether ``value`` is below the baseline ``floor`` for this metric (above it, for false events)."""
    if any(word in key for word in LOWER_IS_BETTER):
        return value > floor + 1e-4
    return value < floor - 1e-4


def load_baseline() -> dict[str, dict[str, float]]:
    data = json.loads(BASELINE.read_text(encoding="utf-8")) if BASELINE.exists() else {}
    return {"full": data.get("full", {}), "gate": data.get("gate", {})}


def raise_baseline(kind: str, rows: list[dict]) -> dict[str, float]:
    """Raise the ``kind`` ("full" or "gate") baseline to today's figures where they are better; never lower it."""
    baseline = load_baseline()
    figures = baseline[kind]
    for key, value in gated(rows).items():
        old = figures.get(key)
        if old is None or worse(key, old, value):
            figures[key] = value
    baseline[kind] = dict(sorted(figures.items()))
    BASELINE.write_text(json.dumps(baseline, indent=1) + "\n", encoding="utf-8")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsledger evaluations against the peers' gold sets")
    parser.add_argument("--limit", type=int, help="only the first N documents of each gold set (quick check)")
    parser.add_argument("--gate", action="store_true", help="the fast gate's subsets (what the test suite runs)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    parser.add_argument("--raise-baseline", action="store_true",
                        help="raise evaluation/baseline.json to today's figures where they are better (runs the "
                             "full evaluations and the gate's subsets)")
    args = parser.parse_args(argv)
    from newsledger import Pipeline

    pipeline = Pipeline()
    rows = run_all(pipeline, args.limit, gate=args.gate)
    kind = "gate" if args.gate else "full"
    if args.raise_baseline and args.limit is None:
        raise_baseline(kind, rows)
        if not args.gate:
            raise_baseline("gate", run_all(pipeline, gate=True))
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    print_table(rows)
    if args.limit is None:
        floor = load_baseline()[kind]
        drops = [f"{key}: {value} (baseline {floor[key]})" for key, value in gated(rows).items()
                 if key in floor and worse(key, value, floor[key])]
        print("\nbelow the baseline: " + ("; ".join(drops) if drops else "none"))
    return 0


def print_table(rows: list[dict]) -> None:
    """One line per (evaluation, metric): newsledger's value, then each peer's, side by side."""
    systems = list(dict.fromkeys(r["system"] for r in rows))
    lines: dict[tuple[str, str], dict[str, dict]] = {}
    for row in rows:
        lines.setdefault((row["eval"], row["metric"]), {})[row["system"]] = row
    width = max([len(e) for e, _ in lines] + [10])
    metric_width = max([len(m) for _, m in lines] + [6])
    print(f"{'evaluation':{width}}  {'metric':{metric_width}}" + "".join(f"{s[:22]:>24}" for s in systems)
          + f"{'n':>8}")
    for (evaluation, metric), by_system in lines.items():
        cells = "".join(f"{by_system[s]['value']:24.3f}" if s in by_system else f"{'':24}" for s in systems)
        n = next(iter(by_system.values())).get("n", "")
        print(f"{evaluation:{width}}  {metric:{metric_width}}{cells}{n:>8}")


if __name__ == "__main__":
    sys.exit(main())
