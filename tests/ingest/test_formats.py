from __future__ import annotations

import pytest

from newsledger.ingest.formats import choose_format, extension_format, sniff_format


@pytest.mark.parametrize(("path", "fmt"), [
    ("a.jsonl", "jsonl"), ("a.NDJSON", "jsonl"), ("a.json", "json"), ("a.csv", "csv"), ("a.tsv", "tsv"),
    ("a.txt", "txt"), ("a.html", "html"), ("a.htm", "html"), ("dir.v2/a.jsonl.gz", "jsonl"),
    ("a.csv.GZ", "csv"), ("a.md", None), ("a.gz", None), ("noext", None),
])
def test_formats_extension_decides_by_inner_extension(path: str, fmt: str | None) -> None:
    assert extension_format(path) == fmt


@pytest.mark.parametrize(("head", "fmt"), [
    (b'{"text": "Talks resumed."}\n{"text": "Talks ended."}\n', "jsonl"),
    (b'\n\n  {"text": "Talks resumed."}', "jsonl"),
    (b'{\n  "text": "Talks resumed."\n}\n', "json"),
    (b'[{"text": "Talks resumed."}]', "json"),
    (b" date 2023-05-01 Coast Herald - Fishermen protested.\n", "seed"),
    (b"<!DOCTYPE html><html><body><p>Talks</p></body></html>", "html"),
    (b"Fishermen protested outside the ministry.\n", "txt"),
    (b"", "txt"),
])
def test_formats_sniff_guesses_from_first_line(head: bytes, fmt: str) -> None:
    assert sniff_format(head, "utf-8") == fmt


@pytest.mark.parametrize(("path", "head", "forced", "fmt"), [
    ("a.txt", b"date 2023-05-01 Coast Herald - Fishermen protested.", None, "seed"),
    ("a.txt", b"\n\n date 2023-13-45 Coast Herald - Fishermen protested.", None, "seed"),
    ("a.txt", b"Fishermen protested.\ndate 2023-05-01 Coast Herald - More.", None, "txt"),
    ("a.txt", b"date 2023-05-01 Coast Herald - Fishermen protested.", "txt", "txt"),
    ("a.json", b'{"text": "x"}', None, "json"),
    ("a.csv", b"id,text\n", "tsv", "tsv"),
    ("-", b'{"text": "x"}\n', None, "jsonl"),
    ("a.md", b"<html></html>", None, "html"),
])
def test_formats_choose_forced_then_extension_then_sniff(path: str, head: bytes, forced: str | None,
                                                         fmt: str) -> None:
    assert choose_format(path, head, "utf-8", forced) == fmt
