"""The words of time expressions (``data/time_words.tsv``): month and weekday names, units, numbers, modifiers.

Loaded once per pipeline and validated row by row; an unknown kind or a value that does not fit its kind raises
:class:`DataFileError` naming the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import Row, load_rows

FILENAME = "time_words.tsv"
HEADER = ("word", "kind", "value")

_INTEGER = re.compile(r"^-?\d+$")
_CHECKS: dict[str, Callable[[str], bool]] = {
    "month": lambda v: _INTEGER.match(v) is not None and 1 <= int(v) <= 12,
    "month_abbr": lambda v: _INTEGER.match(v) is not None and 1 <= int(v) <= 12,
    "weekday": lambda v: _INTEGER.match(v) is not None and 1 <= int(v) <= 7,
    "season": lambda v: v in ("SP", "SU", "FA", "WI"),
    "unit": lambda v: v in ("D", "W", "M", "Y", "Q", "WE", "DE", "CE", "H", "MIN", "S"),
    "number": lambda v: v == "X" or (_INTEGER.match(v) is not None and int(v) > 0),
    "ordinal": lambda v: _INTEGER.match(v) is not None and int(v) > 0,
    "approximator": lambda v: v in ("APPROX", "LESS_THAN", "MORE_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS"),
    "position": lambda v: v in ("START", "MID", "END", "-"),
    "shift": lambda v: v in ("-1", "0", "1"),
    "deictic": lambda v: _INTEGER.match(v) is not None,
    "reference": lambda v: v in ("PRESENT_REF", "PAST_REF", "FUTURE_REF"),
    "part_of_day": lambda v: v in ("MO", "AF", "EV", "NI"),
    "frequency": lambda v: re.match(r"^P\d+[DWMY]$", v) is not None,
    "decade_word": lambda v: _INTEGER.match(v) is not None and 0 <= int(v) <= 9,
    "ago": lambda v: v in ("-1", "1"),
}


@dataclass(slots=True)
class TimeWords:
    """``kind -> {word: value}``, words in lower case with single spaces."""

    kinds: dict[str, dict[str, str]] = field(default_factory=lambda: {kind: {} for kind in _CHECKS})

    def __getitem__(self, kind: str) -> dict[str, str]:
        return self.kinds[kind]

    @classmethod
    def load(cls, extra_dirs: Sequence[str | Path] = ()) -> TimeWords:
        words = cls()
        for row in load_rows(FILENAME, HEADER, extra_dirs, check=_check):
            words.kinds[row["kind"]].setdefault(" ".join(row["word"].lower().split()), row["value"])
        return words


def _check(row: Row) -> None:
    check = _CHECKS.get(row["kind"])
    if check is None:
        raise row.error(f"unknown kind {row['kind']!r}", fix="use one of " + ", ".join(sorted(_CHECKS)))
    if not row["word"]:
        raise row.error("empty word", fix="every row needs a word")
    if not check(row["value"]):
        raise row.error(f"value {row['value']!r} does not fit kind {row['kind']!r}",
                        fix="see the kinds and their values in the comments at the top of time_words.tsv")
