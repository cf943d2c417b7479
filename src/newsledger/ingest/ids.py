"""Stable ids for records that come without one."""

from __future__ import annotations

import hashlib


def content_id(text: str, outlet: str | None, published: str | None) -> str:
    """``nl-`` and 16 hex digits of SHA-256 over outlet, publication date and text: the same article, the same id."""
    key = "\x1f".join((outlet or "", published or "", text))
    return "nl-" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
