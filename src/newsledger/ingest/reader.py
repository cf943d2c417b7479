"""Reading articles from any mix of inputs, streaming: every record comes out as an Article or a Reject."""

from __future__ import annotations

import zlib
from collections.abc import Iterator, Sequence
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


def read_articles(paths: Sequence[str], options: ReadOptions | None = None, *,
                  stdin: BinaryIO | None = None) -> Iterator[Article | Reject]:
    """Articles and rejects from ``paths`` (files, directories, globs, ``-`` for stdin), one at a time.

    The options and paths are checked at once (``InputError``); the files are read as the result is iterated.
    """
    options = options or ReadOptions()
    check_options(options)
    files = expand_paths(paths)
    return (item for path in files for item in read_file(path, options, stdin=stdin))


def read_file(path: str, options: ReadOptions, *, stdin: BinaryIO | None = None) -> Iterator[Article | Reject]:
    name = STDIN_NAME if path == "-" else path
    try:
        with open_source(path, stdin) as source:
            yield from _read_source(source, path, options)
    except (OSError, EOFError, zlib.error) as error:  # unreadable, or a broken or truncated .gz
        yield reject(name, None, f"cannot read the file ({error})", "check that it exists, is readable and, if "
                     "compressed, is a complete gzip file")


def _read_source(source: Source, path: str, options: ReadOptions) -> Iterator[Article | Reject]:
    if is_binary(source.head):
        yield reject(source.name, None, "binary file (it contains NUL bytes)",
                     "give a text file (JSONL, JSON, CSV, TSV, TXT or HTML, optionally .gz); convert UTF-16 text "
                     "to UTF-8 first (iconv -f UTF-16 -t UTF-8)")
        return
    read = READERS[choose_format(path, source.head, options.encoding, options.format)]
    empty = True
    for item in read(source, options):
        empty = False
        yield item
    if empty:
        reason = "empty file" if not source.head.strip() else "no articles found in the file"
        yield reject(source.name, None, reason, "remove the file from the input, or give it some articles")
