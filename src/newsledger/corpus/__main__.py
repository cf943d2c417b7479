"""``python -m newsledger.corpus DB [PARENT_PID [STEP]]``: bring the corpus layer of the ledger DB up to date (or
only its step STEP, one of ``newsledger.corpus.STEPS``).

An ingest runs this for its catch-ups (:func:`newsledger.corpus.update_apart`), a step at a time, passing its own
process id: the update then dies with the ingest, as it would have inside it.
"""

from __future__ import annotations

import sys

from ..children import die_with
from ..errors import NewsledgerError
from ..store.ledger import Ledger
from . import STEPS, update

USAGE = f"usage: python -m newsledger.corpus DB [PARENT_PID [STEP]]  (STEP: one of {', '.join(STEPS)})"


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 3 or (len(argv) == 3 and argv[2] not in STEPS):
        print(USAGE, file=sys.stderr)
        return 2
    if len(argv) >= 2:
        die_with(int(argv[1]))
    try:
        with Ledger(argv[0]) as ledger:
            update(ledger, tuple(argv[2:]) or STEPS)
    except NewsledgerError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
