"""From one input record's fields to a validated ``Article``, or a ``Reject`` saying what is wrong and how to fix
it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..records import Article, Reject
from .dates import ACCEPTED, parse_date
from .fields import candidates, find_fields, present
from .ids import content_id
from .options import ReadOptions
from .rejects import reject
from .repair import clean_line, repair_text


@dataclass(slots=True)
class Found:
    """A record's contract fields as found in the input, before repair and validation."""

    source: str
    line: int
    raw: str
    text: str
    id: str | None = None
    outlet: str | None = None
    published: str | None = None
    title: str | None = None
    url: str | None = None
    text_from: str = "field 'text'"  # where text and date came from, for messages
    published_from: str = "field 'published'"


def build_article(found: Found, options: ReadOptions) -> Article | Reject:
    text = repair_text(found.text)
    if not text:
        return reject(found.source, found.line, f"empty text in {found.text_from} after repair",
                      "give the record a body, or remove it", found.raw)
    try:
        published = _published(found, options)
    except ValueError as error:
        return reject(found.source, found.line, f"{error} in {found.published_from}", _date_fix(error), found.raw)
    outlet = clean_line(found.outlet) or clean_line(options.outlet)
    return Article(id=(found.id or "").strip() or content_id(text, outlet, published), text=text, outlet=outlet,
                   published=published, title=clean_line(found.title), url=(found.url or "").strip() or None,
                   source=found.source, line=found.line)


def article_from_value(value: Any, *, source: str, line: int, raw: str, options: ReadOptions) -> Article | Reject:
    """One parsed JSON value or CSV row (a dict) to an article."""
    if not isinstance(value, dict):
        kind = {list: "an array", str: "a string", type(None): "null", bool: "a boolean"}.get(type(value), "a number")
        return reject(source, line, f"JSON record is {kind}, not an object", "give each record as a JSON object "
                      "with a text field, e.g. {\"text\": \"...\"}", raw)
    fields = find_fields(value, options.fields)
    if "text" not in fields:
        return _no_text(value, source, line, raw, options)
    found = Found(source=source, line=line, raw=raw, text=fields["text"][1],
                  text_from=f"field {fields['text'][0]!r}",
                  published_from=f"field {fields['published'][0]!r}" if "published" in fields else "--published")
    for name in ("id", "outlet", "published", "title", "url"):
        if name in fields:
            setattr(found, name, fields[name][1])
    return build_article(found, options)


def _published(found: Found, options: ReadOptions) -> str | None:
    value = found.published or options.published
    if not value:
        return None
    day = parse_date(value)
    if day is None:
        raise ValueError(f"unparseable date {value!r}")
    return day


def _date_fix(error: ValueError) -> str:
    if str(error).startswith("impossible"):
        return "use a real calendar date (slash dates are read month/day/year), or remove the date"
    return f"write the date as {ACCEPTED}, or remove it"


def _no_text(record: dict[str, Any], source: str, line: int, raw: str, options: ReadOptions) -> Reject:
    tried = candidates("text", options.fields)
    empty = present(record, tried)
    if empty is not None:
        return reject(source, line, f"empty text in field {empty!r}", "give the record a body, or remove it", raw)
    has = ", ".join(str(key) for key in list(record)[:12]) or "no fields"
    if "text" in options.fields:
        return reject(source, line, f"no field {tried[0]!r} (from --field text={tried[0]}); the record has: {has}",
                      "check --field text=NAME against the record's field names", raw)
    return reject(source, line, f"no text field (tried {', '.join(tried)}); the record has: {has}",
                  "name the field holding the body with --field text=NAME", raw)
