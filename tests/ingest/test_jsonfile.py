from __future__ import annotations

import json

import pytest

from newsledger.ingest import sources

RECORDS = [{"id": "a1", "outlet": "Coast Herald", "text": "Fishermen protested on the quay."},
           {"id": "a2", "outlet": "Coast Herald", "text": "The ministry agreed to talks, caf\u00e9 owners said."},
           {"id": "a3", "outlet": "Inland Post", "text": "Talks ended at midnight.", "date": 1683000000}]


def test_jsonfile_reads_one_object(write, read) -> None:
    articles, rejects = read(write("one.json", json.dumps(RECORDS[0], indent=2)))
    assert rejects == []
    assert [(a.id, a.line) for a in articles] == [("a1", 1)]


def test_jsonfile_reads_an_array_with_each_items_start_line(write, read) -> None:
    articles, rejects = read(write("many.json", json.dumps(RECORDS[:2], indent=2)))
    assert rejects == []
    assert [(a.id, a.line) for a in articles] == [("a1", 2), ("a2", 7)]


def test_jsonfile_reads_objects_one_after_another(write, read) -> None:
    text = json.dumps(RECORDS[0], indent=1) + "\n" + json.dumps(RECORDS[1], indent=1)
    articles, _ = read(write("many.json", text))
    assert [(a.id, a.line) for a in articles] == [("a1", 1), ("a2", 6)]


@pytest.mark.parametrize("chunk_size", [1, 3, 7, 64])
def test_jsonfile_streams_across_chunk_boundaries(write, read, monkeypatch, chunk_size: int) -> None:
    monkeypatch.setattr(sources, "CHUNK_SIZE", chunk_size)
    records = [{"id": 10**12 + n, "text": f"Report {n}: caf\u00e9 owners protested.", "x": [1.5, True, None]}
               for n in range(5)]
    articles, rejects = read(write("many.json", json.dumps(records, indent=1, ensure_ascii=False)))
    assert rejects == []
    assert [a.id for a in articles] == [str(10**12 + n) for n in range(5)]
    assert articles[4].text == "Report 4: caf\u00e9 owners protested."


@pytest.mark.parametrize("chunk_size", [5, 1 << 16])
def test_jsonfile_malformed_item_keeps_earlier_items(write, read, monkeypatch, chunk_size: int) -> None:
    monkeypatch.setattr(sources, "CHUNK_SIZE", chunk_size)
    text = ('[\n  {"id": "a1", "text": "Fishermen protested."},\n'
            '  {"id": "a2", "text": "Talks" "began"},\n'
            '  {"id": "a3", "text": "Talks ended."}\n]\n')
    articles, rejects = read(write("many.json", text))
    assert [a.id for a in articles] == ["a1"]
    [reject] = rejects
    assert reject.line == 3
    assert reject.reason == ("malformed JSON (Expecting ',' delimiter at line 3, column 32); "
                             "the rest of the file was not read")
    assert ".jsonl" in reject.fix


@pytest.mark.parametrize(("text", "good", "line", "reason"), [
    ('[{"text": "Fishermen protested."},\n"just a string"]', 1, 2, "JSON record is a string, not an object"),
    ('[{"text": "Fishermen protested."},\n{"text": "Talks."}\n\n', 2, 4,
     "malformed JSON (Expecting ',' or ']' after an array item at line 4, column 1)"),
    ('[{"text": "Fishermen protested."},\n{"text": "Talks."},]', 2, 2,
     "malformed JSON (Expecting value at line 2, column 20)"),
    ('[{"text": "Fishermen protested."}]\ntrailing', 1, 2, "malformed JSON (Expecting value at line 2, column 1)"),
])
def test_jsonfile_broken_documents_are_rejected(write, read, text: str, good: int, line: int, reason: str) -> None:
    articles, rejects = read(write("many.json", text))
    assert len(articles) == good
    assert [(r.line, r.reason.startswith(reason)) for r in rejects] == [(line, True)], rejects


def test_jsonfile_empty_array_is_a_reject(write, read) -> None:
    articles, rejects = read(write("none.json", "[ ]\n"))
    assert articles == []
    assert [(r.line, r.reason) for r in rejects] == [(None, "no articles found in the file")]


def test_jsonfile_numeric_date_is_rejected_as_unparseable(write, read) -> None:
    articles, rejects = read(write("one.json", json.dumps(RECORDS[2])))
    assert articles == []
    assert rejects[0].reason == "unparseable date '1683000000' in field 'date'"


def test_jsonfile_undecodable_bytes_reject_the_file_at_their_line(write, read) -> None:
    data = b'[{"text": "Fishermen protested."},\n{"text": "Prices rose 5\xff."}]'
    articles, rejects = read(write("bad.json", data))
    assert [(r.line, r.reason) for r in rejects] == [(2, "file is not valid utf-8 (byte 0xff)")]
