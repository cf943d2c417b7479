"""Reading the package's rule and lexicon data files (TSV), validated row by row.

Every file is UTF-8 TSV: ``#`` lines are comments, the first other line is the header, cells holding several values
separate them with ``|``. A row that does not validate raises :class:`DataFileError` naming the file and line.
User directories passed with ``--rules DIR`` hold files of the same names; their rows take precedence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from .errors import DataFileError

PACKAGE_DATA = resources.files("newsledger") / "data"

ISO3 = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class Row:
    path: str
    line: int
    cells: dict[str, str]

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def values(self, column: str) -> list[str]:
        """The ``|``-separated values of a cell, without empties."""
        return [v.strip() for v in self.cells[column].split("|") if v.strip()]

    def error(self, message: str, fix: str | None = None) -> DataFileError:
        return DataFileError(message, path=self.path, line=self.line, fix=fix)


def read_tsv(path: str | Path, header: Sequence[str], *, text: str | None = None) -> Iterator[Row]:
    """Rows of one TSV file whose header must be exactly ``header``."""
    name = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataFileError(f"cannot read data file ({exc})", path=name,
                                fix="check the path and that the file is UTF-8") from exc
    seen_header = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        cells = raw.split("\t")
        if not seen_header:
            if cells != list(header):
                raise DataFileError(f"header is {cells!r}", path=name, line=number,
                                    fix=f"the header must be {chr(9).join(header)!r} (tab-separated)")
            seen_header = True
            continue
        if len(cells) != len(header):
            raise DataFileError(f"{len(cells)} cells, expected {len(header)}", path=name, line=number,
                                fix="separate the columns " + ", ".join(header) + " with single tabs")
        yield Row(name, number, {h: c.strip() for h, c in zip(header, cells)})
    if not seen_header:
        raise DataFileError("no header line", path=name, fix="start the file with " + "\t".join(header))


def data_files(filename: str, extra_dirs: Sequence[str | Path] = ()) -> list[tuple[str, str]]:
    """(path, text) of a data file: the user's directories first (they take precedence), the package's last."""
    found = []
    for directory in extra_dirs:
        candidate = Path(directory) / filename
        if candidate.is_file():
            found.append((str(candidate), candidate.read_text(encoding="utf-8")))
    packaged = PACKAGE_DATA / filename
    found.append((f"newsledger/data/{filename}", packaged.read_text(encoding="utf-8")))
    return found


def load_rows(filename: str, header: Sequence[str], extra_dirs: Sequence[str | Path] = (),
              check: Callable[[Row], None] | None = None) -> list[Row]:
    """All rows of a data file, user rows first, each passed through ``check`` (which raises on bad rows)."""
    rows = []
    for path, text in data_files(filename, extra_dirs):
        for row in read_tsv(path, header, text=text):
            if check is not None:
                check(row)
            rows.append(row)
    return rows


def check_iso3(row: Row, column: str, known: set[str] | None = None) -> None:
    value = row[column]
    if value and (not ISO3.match(value) or (known is not None and value not in known)):
        raise row.error(f"unknown country code {value!r} in column {column!r}",
                        fix="use an ISO 3166-1 alpha-3 code listed in countries.tsv, or leave the cell empty")


def check_sector(row: Row, column: str, known: set[str]) -> None:
    value = row[column]
    if value and value not in known:
        raise row.error(f"unknown sector {value!r} in column {column!r}",
                        fix="use a code listed in sectors.tsv, or leave the cell empty")
