from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsledger.errors import InputError
from newsledger.ingest import expand_paths


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    for name in ("b.jsonl", "a.txt", "notes.md", "sub/c.csv", "sub/deeper/d.html.gz", "sub/e.json",
                 ".hidden/f.jsonl", "sub/.g.jsonl", "sub/h.tsv", "sub/i.ndjson", "sub/j.htm", "sub/k.pdf"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    return tmp_path


def relative(paths: list[str], root: Path) -> list[str]:
    return [os.path.relpath(path, root) for path in paths]


def test_paths_directory_is_walked_recursively_sorted_known_extensions_only(tree: Path) -> None:
    assert relative(expand_paths([str(tree)]), tree) == [
        "a.txt", "b.jsonl", "sub/c.csv", "sub/deeper/d.html.gz", "sub/e.json", "sub/h.tsv", "sub/i.ndjson",
        "sub/j.htm"]


@pytest.mark.parametrize(("pattern", "expected"), [
    ("*.jsonl", ["b.jsonl"]),
    ("**/*.csv", ["sub/c.csv"]),
    ("**/*.gz", ["sub/deeper/d.html.gz"]),
    ("sub/*", ["sub/c.csv", "sub/deeper/d.html.gz", "sub/e.json", "sub/h.tsv", "sub/i.ndjson", "sub/j.htm"]),
    ("*.md", []),
])
def test_paths_globs_expand_to_known_files(tree: Path, pattern: str, expected: list[str]) -> None:
    if not expected:
        with pytest.raises(InputError, match="no readable files match"):
            expand_paths([str(tree / pattern)])
    else:
        assert relative(expand_paths([str(tree / pattern)]), tree) == expected


def test_paths_files_are_kept_as_given_in_order_once(tree: Path) -> None:
    given = [str(tree / "notes.md"), "-", str(tree / "b.jsonl"), str(tree / "sub" / ".." / "b.jsonl"), "-"]
    assert expand_paths(given) == [str(tree / "notes.md"), "-", str(tree / "b.jsonl")]


@pytest.mark.parametrize("name", ["missing.jsonl", "nothing/*.jsonl", "empty-dir"])
def test_paths_that_match_nothing_raise_input_error(tree: Path, name: str) -> None:
    (tree / "empty-dir").mkdir()
    with pytest.raises(InputError) as caught:
        expand_paths([str(tree / name)])
    assert caught.value.source == str(tree / name)
    assert caught.value.fix and "check the path" in caught.value.fix
