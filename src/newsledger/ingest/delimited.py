"""CSV and TSV with a header row, read with the csv module; a record's line is the line where it starts."""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator

from ..records import Article, Reject
from .build import article_from_value
from .options import ReadOptions
from .rejects import UndecodableInput, reject, undecodable
from .sources import Source, decode_line

_FIELD_LIMIT = min(sys.maxsize, 2**31 - 1)  # article bodies exceed the csv module's 128 KiB default


class _Lines:
    """Feeds decoded lines to the csv reader and remembers which lines the current record took."""

    def __init__(self, source: Source, encoding: str) -> None:
        self._numbered = source.lines()
        self._source = source.name
        self._encoding = encoding
        self.rejects: list[Reject] = []
        self._taken: list[str] = []
        self._first = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        for number, raw in self._numbered:
            try:
                line = decode_line(raw, self._encoding, number)
            except UndecodableInput as problem:
                self.rejects.append(undecodable(self._source, number, problem, self._encoding))
                continue
            self._first = self._first or number
            self._taken.append(line)
            return line
        raise StopIteration

    def take(self) -> tuple[int, str]:
        """The first line number and the text of the record just read."""
        taken = self._first, "".join(self._taken).rstrip("\r\n")
        self._first, self._taken = 0, []
        return taken


def read_csv(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    return _read_delimited(source, options, ",", "CSV")


def read_tsv(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    return _read_delimited(source, options, "\t", "TSV")


def _read_delimited(source: Source, options: ReadOptions, delimiter: str,
                    kind: str) -> Iterator[Article | Reject]:
    csv.field_size_limit(_FIELD_LIMIT)
    lines = _Lines(source, options.encoding)
    rows = csv.reader(lines, delimiter=delimiter, strict=True)  # a broken quote is a reject, not a merged record
    header: list[str] | None = None
    while True:
        try:
            row = next(rows, None)
        except csv.Error as error:
            line, raw = lines.take()
            yield reject(source.name, line, f"malformed {kind} ({error})", f"fix the quoting of that {kind} record",
                         raw)
            continue
        yield from lines.rejects
        lines.rejects.clear()
        line, raw = lines.take()
        if row is None:
            return
        if not row:
            continue
        if header is None:
            header = [name.strip() for name in row]
        else:
            yield _row_article(row, header, source.name, line, raw, options, kind)


def _row_article(row: list[str], header: list[str], source: str, line: int, raw: str, options: ReadOptions,
                 kind: str) -> Article | Reject:
    if len(row) > len(header):
        return reject(source, line, f"{kind} record has {len(row)} fields but the header has {len(header)}",
                      "quote fields that contain the delimiter or a line break", raw)
    return article_from_value(dict(zip(header, row)), source=source, line=line, raw=raw, options=options)
