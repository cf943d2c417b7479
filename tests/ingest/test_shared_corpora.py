"""Reading the real corpora beside the repository (../shared); skipped when it is absent."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def geopolitics(shared):
    path = shared / "corpora" / "geopolitics" / "articles.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} is missing")
    return path


def test_shared_corpora_geopolitics_yields_every_article_with_its_id(geopolitics, read) -> None:
    given = [json.loads(line)["id"] for line in geopolitics.read_text(encoding="utf-8").splitlines()]
    articles, rejects = read(str(geopolitics))
    assert rejects == []
    assert len(articles) == 101
    assert [a.id for a in articles] == given
    assert [a.line for a in articles] == list(range(1, 102))
    assert all(a.text and a.outlet for a in articles)


def test_shared_corpora_corrupted_copy_keeps_good_lines_and_rejects_bad_ones(geopolitics, read, tmp_path) -> None:
    lines = geopolitics.read_bytes().splitlines(keepends=True)
    lines[4] = lines[4][:60] + b"\n"  # a truncated record
    lines[49] = b'["not", "an", "object"]\n'
    lines[99] = lines[99][:30] + b"\xff\xfe" + lines[99][30:]  # bytes that are not UTF-8
    corrupted = tmp_path / "articles.jsonl"
    corrupted.write_bytes(b"".join(lines))
    articles, rejects = read(str(corrupted))
    assert len(articles) == 98
    assert [(r.line, r.reason.split(" (")[0]) for r in rejects] == [
        (5, "malformed JSON"), (50, "JSON record is an array, not an object"), (100, "line is not valid utf-8")]
    assert 5 not in {a.line for a in articles} and 100 not in {a.line for a in articles}
