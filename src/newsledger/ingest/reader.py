"""Reading articles from any mix of inputs, streaming: every record comes out as an Article or a Reject."""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import BinaryIO

from ..records import Article, Reject
from .delimited import read_csv, read_tsv
from .formats import choose_format
from .htmlpage import read_html
from .jsonfile import read_json
from .jsonl import read_jsonl
from .options import ReadOptions, check_options
from .paths import expand_paths
from .plaintext import read_plain
from .rejects import reject
from .seed import read_seed
from .sources import STDIN_NAME, Source, is_binary, open_source

READERS = {"seed": read_seed, "jsonl": read_jsonl, "json": read_json, "csv": read_csv, "tsv": read_tsv,
           "txt": read_plain, "html": read_html}
#: Formats whose records end at line ends, so that a byte offset after a record is a place to continue from.
LINE_DELIMITED = frozenset({"jsonl"})


@dataclass(frozen=True, slots=True)
class Position:
    """Where the input stands after a record: its path (as expanded; ``-`` for stdin), how many records of that
    input so far, the record's line, for line-delimited inputs the byte offset just past it, and whether the
    input is finished."""

    path: str
    items: int
    line: int | None = None
    offset: int | None = None
    done: bool = False


def read_articles(paths: Sequence[str], options: ReadOptions | None = None, *,
                  stdin: BinaryIO | None = None) -> Iterator[Article | Reject]:
    """Articles and rejects from ``paths`` (files, directories, globs, ``-`` for stdin), one at a time.

    The options and paths are checked at once (``InputError``); the files are read as the result is iterated.
    """
    return (item for item, _ in read_positioned(paths, options, stdin=stdin))


def read_positioned(paths: Sequence[str], options: ReadOptions | None = None, *, stdin: BinaryIO | None = None,
                    resume: Mapping[str, Position] | None = None) -> Iterator[tuple[Article | Reject, Position]]:
    """Like :func:`read_articles`, each record with its :class:`Position`.

    ``resume`` gives, per path, the position to continue after: a JSON Lines input is seeked (or, gzipped or on
    stdin, read without parsing) past its offset; any other is read again and its first records dropped.
    """
    options = options or ReadOptions()
    check_options(options)
    files = expand_paths(paths)
    resume = resume or {}
    return (pair for path in files for pair in read_file(path, options, stdin=stdin, after=resume.get(path)))


def read_file(path: str, options: ReadOptions, *, stdin: BinaryIO | None = None,
              after: Position | None = None) -> Iterator[tuple[Article | Reject, Position]]:
    name = STDIN_NAME if path == "-" else path
    count = after.items if after else 0
    try:
        with open_source(path, stdin) as source:
            for item, position in _read_source(source, path, options, after):
                count = position.items
                yield item, position
    except (OSError, EOFError, zlib.error) as error:  # unreadable, or a broken or truncated .gz
        yield reject(name, None, f"cannot read the file ({error})", "check that it exists, is readable and, if "
                     "compressed, is a complete gzip file"), Position(path, count + 1)


def _read_source(source: Source, path: str, options: ReadOptions,
                 after: Position | None) -> Iterator[tuple[Article | Reject, Position]]:
    if is_binary(source.head):
        yield reject(source.name, None, "binary file (it contains NUL bytes)",
                     "give a text file (JSONL, JSON, CSV, TSV, TXT or HTML, optionally .gz); convert UTF-16 text "
                     "to UTF-8 first (iconv -f UTF-16 -t UTF-8)"), Position(path, 1)
        return
    fmt = choose_format(path, source.head, options.encoding, options.format)
    exact = fmt in LINE_DELIMITED
    done = 0
    if after is not None and exact and after.offset is not None and after.line is not None:
        source.skip_to(after.offset, after.line + 1)
        done = after.items
    items = READERS[fmt](source, options)
    if after is not None and not done:
        done = after.items
        items = itertools.islice(items, done, None)
    empty = not done
    for count, item in enumerate(items, start=done + 1):
        empty = False
        yield item, Position(path, count, item.line, source.offset if exact else None)
    if empty:
        reason = "empty file" if not source.head.strip() else "no articles found in the file"
        yield reject(source.name, None, reason, "remove the file from the input, or give it some articles"), \
            Position(path, 1)
