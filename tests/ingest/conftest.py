"""Fixtures for the ingest tests: writing small input files, reading them back, and the shared data beside the repo."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest

from newsledger.ingest import ReadOptions, read_articles
from newsledger.records import Article, Reject

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"

Write = Callable[..., str]
Read = Callable[..., tuple[list[Article], list[Reject]]]


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"the shared data folder is not beside the repository ({SHARED})")
    return SHARED


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """``write(name, content, gz=False)`` puts a file in tmp_path and returns its path as a string."""

    def write_file(name: str, content: str | bytes, *, gz: bool = False) -> str:
        data = content.encode("utf-8") if isinstance(content, str) else content
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(gzip.compress(data) if gz else data)
        return str(path)

    return write_file


@pytest.fixture
def read() -> Read:
    """``read(paths, stdin=None, **options)`` reads everything and splits articles from rejects, keeping order."""

    def read_all(paths: list[str] | str, *, stdin=None, **options) -> tuple[list[Article], list[Reject]]:
        items = list(read_articles([paths] if isinstance(paths, str) else paths, ReadOptions(**options),
                                   stdin=stdin))
        return ([item for item in items if isinstance(item, Article)],
                [item for item in items if isinstance(item, Reject)])

    return read_all
