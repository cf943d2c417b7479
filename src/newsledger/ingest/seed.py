"""The seed-line format: each article starts on a line ``date YYYY-MM-DD Outlet - body`` and runs to the next."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ..records import Article, Reject
from .build import Found, build_article
from .options import ReadOptions
from .rejects import UndecodableInput, reject, undecodable
from .seedline import SEED_HEADER, is_seed_line
from .sources import Source, decode_line

HEADER_FIX = "write the article's first line as 'date YYYY-MM-DD Outlet - body'"


@dataclass(slots=True)
class _Block:
    """The lines of one article (or of text before the first article), with the first undecodable one."""

    line: int
    lines: list[str] = field(default_factory=list)
    problem: UndecodableInput | None = None
    is_article: bool = True


def read_seed(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    block: _Block | None = None
    for number, raw in source.lines():
        text, problem = _decode(raw, options.encoding, number)
        if is_seed_line(text):
            if block is not None:
                yield _finish(block, source.name, options)
            block = _Block(number)
        elif block is None:
            if not text.strip() and problem is None:
                continue
            block = _Block(number, is_article=False)
        block.lines.append(text)
        block.problem = block.problem or problem
    if block is not None:
        yield _finish(block, source.name, options)


def _decode(raw: bytes, encoding: str, number: int) -> tuple[str, UndecodableInput | None]:
    try:
        return decode_line(raw, encoding, number).rstrip("\r\n"), None
    except UndecodableInput as problem:
        return raw.decode(encoding, errors="replace").rstrip("\r\n"), problem


def _finish(block: _Block, source: str, options: ReadOptions) -> Article | Reject:
    raw = "\n".join(block.lines)
    if block.problem is not None:
        return undecodable(source, block.line, block.problem, options.encoding, what="article")
    if not block.is_article:
        return reject(source, block.line, "text before the first seed line", HEADER_FIX + ", or read the file "
                      "with --format txt", raw)
    header = SEED_HEADER.fullmatch(block.lines[0])
    if header is None:
        return reject(source, block.line, "malformed seed line: expected 'date YYYY-MM-DD Outlet - body'",
                      HEADER_FIX, raw)
    body = "\n".join([header["body"] or "", *block.lines[1:]])
    return build_article(Found(source=source, line=block.line, raw=raw, text=body, outlet=header["outlet"],
                               published=header["date"], text_from="the article body",
                               published_from="the seed line"), options)
