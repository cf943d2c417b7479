"""JSON Lines: one JSON object per line; a bad line is rejected on its own and the others are still read."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import Article, Reject
from .build import article_from_value
from .options import ReadOptions
from .rejects import UndecodableInput, reject, undecodable
from .sources import Source, decode_line


def read_jsonl(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    for number, raw in source.lines():
        try:
            line = decode_line(raw, options.encoding, number).rstrip("\r\n")
        except UndecodableInput as problem:
            yield undecodable(source.name, number, problem, options.encoding)
            continue
        if line.strip():
            yield _read_line(line, source.name, number, options)


def _read_line(line: str, source: str, number: int, options: ReadOptions) -> Article | Reject:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as error:
        return reject(source, number, f"malformed JSON ({error.msg} at column {error.colno})",
                      "fix the JSON on that line or remove it", line)
    return article_from_value(value, source=source, line=number, raw=line, options=options)
