"""Which input field holds which contract field: the common names, or the user's ``--field`` choice."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIELD_NAMES: dict[str, tuple[str, ...]] = {
    "id": ("id", "article_id", "doc_id", "uid", "guid"),
    "outlet": ("outlet", "source", "publisher", "source_name", "site_name", "sitename", "media", "newspaper"),
    "published": ("published", "date", "publish_date", "published_at", "publication_date", "pub_date", "datetime",
                  "pubdate", "date_publish"),
    "title": ("title", "headline"),
    "url": ("url", "link", "source_url"),
    "text": ("text", "body", "content", "article", "maintext", "full_text", "story"),
}
CONTRACT_FIELDS = tuple(FIELD_NAMES)


def candidates(field: str, overrides: Mapping[str, str]) -> tuple[str, ...]:
    """The input names tried for ``field``, in order: the user's choice alone, else the common names."""
    return (overrides[field],) if field in overrides else FIELD_NAMES[field]


def find_fields(record: Mapping[str, Any], overrides: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Map each contract field found to ``(input name, value as text)``; the first present non-empty name wins."""
    folded = {str(key).strip().lower(): key for key in reversed(list(record))}
    found = {}
    for field in CONTRACT_FIELDS:
        for name in candidates(field, overrides):
            key = name if name in record else folded.get(name.lower())
            value = as_text(record[key], paragraphs=field == "text") if key is not None else None
            if value is not None:
                found[field] = (str(key), value)
                break
    return found


def present(record: Mapping[str, Any], names: tuple[str, ...]) -> str | None:
    """The first of ``names`` the record has at all, even with an empty value."""
    folded = {str(key).strip().lower(): key for key in record}
    return next((str(folded[name.lower()]) for name in names if name.lower() in folded), None)


def as_text(value: Any, *, paragraphs: bool = False) -> str | None:
    """A field value as text, or ``None`` when empty; a dict gives its ``name`` (NewsAPI's ``source``)."""
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, Mapping):
        return as_text(value.get("name"))
    if isinstance(value, list):
        parts = [part for part in (as_text(item) for item in value) if part]
        return ("\n\n" if paragraphs else ", ").join(parts) or None
    return None
