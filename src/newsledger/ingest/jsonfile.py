"""A JSON document: one object, an array of objects, or objects one after another — decoded value by value,
so a large array is never held whole."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..records import Article, Reject
from .build import article_from_value
from .options import ReadOptions
from .rejects import UndecodableInput, reject, undecodable
from .sources import Source, decoded_chunks

_DECODER = json.JSONDecoder()
_TRUNCATION_MARGIN = 64  # an error this close to the end of the buffer may just need the next chunk
_FIX = "fix the JSON (a .json file is read as one document; for one record per line use .jsonl)"


class _Buffer:
    """Decoded text not yet parsed, and the line and column where it starts."""

    def __init__(self, chunks: Iterator[str]) -> None:
        self.chunks = chunks
        self.text = ""
        self.pos = 0
        self.line = 1
        self.column = 1
        self.eof = False

    def more(self) -> bool:
        chunk = next(self.chunks, None)
        self.eof = chunk is None
        self.text += chunk or ""
        return not self.eof

    def peek(self) -> str | None:
        """The next non-whitespace character, without consuming it; ``None`` at the end."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text):
                return self.text[self.pos]
            if not self.more():
                return None

    def decode(self) -> tuple[Any, str]:
        """The next value and its text; raises ``JSONDecodeError`` only when more input cannot help."""
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except json.JSONDecodeError as error:
                if self.eof or (error.pos < len(self.text) - _TRUNCATION_MARGIN
                                and not error.msg.startswith("Unterminated string")):
                    raise
                self.more()
                continue
            if end == len(self.text) and not self.eof and self.more():
                continue  # a number or literal may go on in the next chunk
            raw, self.pos = self.text[self.pos:end], end
            return value, raw

    def where(self, pos: int) -> tuple[int, int]:
        newlines = self.text.count("\n", 0, pos)
        if newlines == 0:
            return self.line, self.column + pos
        return self.line + newlines, pos - self.text.rfind("\n", 0, pos)

    def drop_parsed(self) -> None:
        self.line, self.column = self.where(self.pos)
        self.text, self.pos = self.text[self.pos:], 0


def read_json(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    buffer = _Buffer(decoded_chunks(source, options.encoding))
    try:
        yield from _read_values(buffer, source.name, options)
    except UndecodableInput as problem:
        yield undecodable(source.name, problem.line, problem, options.encoding, what="file")


def _read_values(buffer: _Buffer, source: str, options: ReadOptions) -> Iterator[Article | Reject]:
    in_array = buffer.peek() == "["
    if in_array:
        buffer.pos += 1
        if buffer.peek() == "]":
            buffer.pos += 1
            in_array = False
    while buffer.peek() is not None or in_array:
        line = buffer.where(buffer.pos)[0]
        try:
            value, raw = buffer.decode()
        except json.JSONDecodeError as error:
            yield _malformed(buffer, source, line, error.msg, error.pos)
            return
        yield article_from_value(value, source=source, line=line, raw=raw, options=options)
        buffer.drop_parsed()
        if in_array:
            after = buffer.peek()
            if after not in (",", "]"):
                here = buffer.where(buffer.pos)[0]
                yield _malformed(buffer, source, here, "Expecting ',' or ']' after an array item", buffer.pos)
                return
            buffer.pos += 1
            in_array = after == ","


def _malformed(buffer: _Buffer, source: str, line: int, message: str, pos: int) -> Reject:
    error_line, column = buffer.where(pos)
    return reject(source, line, f"malformed JSON ({message} at line {error_line}, column {column}); "
                  "the rest of the file was not read", _FIX, buffer.text[:pos + 200])
