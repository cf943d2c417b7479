"""An HTML page: one article, its main text and metadata found by trafilatura, offline."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..records import Article, Reject
from .build import Found, build_article
from .options import ReadOptions
from .rejects import UndecodableInput, reject, undecodable
from .sources import Source, decode_whole


def read_html(source: Source, options: ReadOptions) -> Iterator[Article | Reject]:
    try:
        page = decode_whole(source.stream.read(), options.encoding)
    except UndecodableInput as problem:
        yield undecodable(source.name, problem.line, problem, options.encoding, what="file")
        return
    if not page.strip():
        return
    document = _extract(page)
    if document is None or not (document.text or "").strip():
        yield reject(source.name, 1, "no article text found in the HTML page",
                     "check that the page is an article, or save its text as a .txt file", page)
        return
    yield build_article(Found(source=source.name, line=1, raw=page, text=_without_title(document.text, document.title),
                              outlet=document.sitename or document.hostname, published=document.date,
                              title=document.title, url=document.url, text_from="the page's main text",
                              published_from="the page's metadata"), options)


def _extract(page: str) -> Any:  # a trafilatura Document, or None
    import trafilatura  # heavy: loaded only when a page is read

    return trafilatura.bare_extraction(page, with_metadata=True, include_comments=False)


def _without_title(text: str, title: str | None) -> str:
    """trafilatura starts the text with the headline; the title field already holds it."""
    first, _, rest = text.partition("\n")
    return rest if title and first.strip() == title.strip() and rest.strip() else text
