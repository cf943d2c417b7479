"""Which reader a source needs: the forced format, else the file extension, else a sniff of its first bytes."""

from __future__ import annotations

import json
from pathlib import PurePath

from .seedline import is_seed_line

FORMATS = ("seed", "jsonl", "json", "csv", "tsv", "txt", "html")
EXTENSIONS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json", ".csv": "csv", ".tsv": "tsv",
              ".txt": "txt", ".html": "html", ".htm": "html"}


def extension_format(path: str) -> str | None:
    """The format its extension names (``x.jsonl.gz`` is JSONL), or ``None``."""
    suffixes = [suffix.lower() for suffix in PurePath(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return EXTENSIONS.get(suffixes[-1]) if suffixes else None


def choose_format(path: str, head: bytes, encoding: str, forced: str | None = None) -> str:
    if forced:
        return forced
    by_extension = extension_format(path) if path != "-" else None
    if by_extension == "txt":
        return "seed" if sniff_format(head, encoding) == "seed" else "txt"
    return by_extension or sniff_format(head, encoding)


def sniff_format(head: bytes, encoding: str) -> str:
    """Guess from the first non-blank line: ``[`` JSON, ``{`` JSONL (JSON if it is not a whole object),
    a seed line, ``<`` HTML, else plain text."""
    line, complete = _first_line(head.decode(encoding, errors="replace").lstrip("\ufeff"))
    start = line.lstrip()[:1]
    if start == "[":
        return "json"
    if start == "{":
        return "json" if complete and not _is_json(line) else "jsonl"
    if is_seed_line(line):
        return "seed"
    return "html" if start == "<" else "txt"


def _first_line(text: str) -> tuple[str, bool]:
    """The first non-blank line and whether it ends inside ``text``."""
    for line in text.splitlines(keepends=True):
        if line.strip():
            return line.rstrip("\r\n"), line.endswith(("\n", "\r"))
    return "", False


def _is_json(line: str) -> bool:
    try:
        json.loads(line)
    except ValueError:
        return False
    return True
