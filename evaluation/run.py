"""Run every evaluation whose gold set is present in ../shared and print one table (or JSON with --json).

    python evaluation/run.py [--limit N] [--json]
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
    print(f"{'evaluation':28} {'system':22} {'slice':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for row in rows:
        print(f"{row['eval']:28} {row['system']:22} {row['slice']:6} {row['precision']:6.3f} {row['recall']:6.3f} "
              f"{row['f1']:6.3f} {row['gold']:6d}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
