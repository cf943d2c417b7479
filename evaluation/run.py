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

from evaluation import conll_entities  # noqa: E402

SHARED = ROOT.parent / "shared"
EVALUATIONS = [("peers/ner/eng.testb", conll_entities.evaluate)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="newsledger evaluations against the peers' gold sets")
    parser.add_argument("--limit", type=int, help="only the first N documents of each gold set (quick check)")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args(argv)
    from newsledger import Pipeline

    pipeline = Pipeline()
    rows = []
    for needed, evaluate in EVALUATIONS:
        if not (SHARED / needed).exists():
            print(f"skipped: {SHARED / needed} is absent", file=sys.stderr)
            continue
        rows.extend(evaluate(pipeline, SHARED, args.limit))
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
