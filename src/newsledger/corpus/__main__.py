"""``python -m newsledger.corpus DB [PARENT_PID]``: bring the corpus layer of the ledger DB up to date.

An ingest runs this for its catch-ups (:func:`newsledger.corpus.update_apart`), passing its own process id: the
update then dies with the ingest, as it would have inside it.
"""

from __future__ import annotations

import sys

from ..children import die_with
from ..errors import NewsledgerError
from ..store.ledger import Ledger
from . import update


def main(argv: list[str]) -> int:
    if not 1 <= len(argv) <= 2:
        print("usage: python -m newsledger.corpus DB [PARENT_PID]", file=sys.stderr)
        return 2
    if len(argv) == 2:
        die_with(int(argv[1]))
    try:
        with Ledger(argv[0]) as ledger:
            update(ledger)
    except NewsledgerError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
