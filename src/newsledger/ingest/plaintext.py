"""A plain text file: one article, its metadata only from the options (--outlet, --published)."""

from __future__ import annotations

from collections.abc import Iterator

from ..records import Article, Reject
from .build import Found, build_article
from .options import ReadOptions
from .rejects import UndecodableInput, undecodable
from .sources import Source, decode_whole


def read_plain(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    try:
        text = decode_whole(source.stream.read(), options.encoding)
    except UndecodableInput as problem:
        yield undecodable(source.name, problem.line, problem, options.encoding, what="file")
        return
    if text.strip():
        yield build_article(Found(source=source.name, line=1, raw=text, text=text, text_from="the file"), options)
