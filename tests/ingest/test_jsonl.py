from __future__ import annotations

import json

import pytest

GOOD = {"id": "cw-101", "outlet": "Coast Herald", "date": "2023-05-01", "title": "Fishermen  block\nharbour",
        "url": "https://coastherald.example/101", "text": "Fishermen blocked the harbour.Police watched."}


def lines(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


def test_jsonl_reads_records_with_metadata_and_line_numbers(write, read) -> None:
    second = {"article_id": 7, "publisher": "Inland Post", "published_at": "2023-05-02T06:00:00Z",
              "headline": "Talks", "link": "https://inlandpost.example/7", "body": "Talks resumed at dawn."}
    articles, rejects = read(write("in.jsonl", lines(GOOD, "", second)))
    assert rejects == []
    first, other = articles
    assert (first.id, first.outlet, first.published, first.title, first.url, first.line) == (
        "cw-101", "Coast Herald", "2023-05-01", "Fishermen block harbour", "https://coastherald.example/101", 1)
    assert first.text == "Fishermen blocked the harbour. Police watched."
    assert (other.id, other.outlet, other.published, other.title, other.line) == (
        "7", "Inland Post", "2023-05-02", "Talks", 3)
    assert first.source.endswith("in.jsonl")


def test_jsonl_malformed_line_is_rejected_with_a_clear_message(write, read) -> None:
    bad = '{"id": "cw-2", "text": "The port reopened" "outlet": "Coast Herald"}'
    path = write("corpus.jsonl", lines(GOOD, bad, GOOD | {"id": "cw-3"}))
    articles, rejects = read(path)
    assert [a.id for a in articles] == ["cw-101", "cw-3"]
    [reject] = rejects
    assert reject.line == 2
    assert reject.raw == bad
    assert reject.message() == (f"{path}:2: malformed JSON (Expecting ',' delimiter at column 44) — "
                                "fix the JSON on that line or remove it")


@pytest.mark.parametrize(("line", "reason", "fix"), [
    ('["Fishermen protested."]', "JSON record is an array, not an object", "JSON object"),
    ('"Fishermen protested."', "JSON record is a string, not an object", "JSON object"),
    ("42", "JSON record is a number, not an object", "JSON object"),
    ('{"id": "x", "summary": "Fishermen protested."}',
     "no text field (tried text, body, content, article, maintext, full_text, story); the record has: id, summary",
     "--field text=NAME"),
    ('{"id": "x", "text": "  \\u200b \\n "}', "empty text in field 'text' after repair", "give the record a body"),
    ('{"id": "x", "text": ""}', "empty text in field 'text'", "give the record a body"),
    ('{"text": "Talks.", "date": "2023-02-30"}', "impossible date '2023-02-30' in field 'date'",
     "use a real calendar date"),
    ('{"text": "Talks.", "pub_date": "last Tuesday"}', "unparseable date 'last Tuesday' in field 'pub_date'",
     "write the date as YYYY-MM-DD"),
])
def test_jsonl_bad_records_are_rejected_at_their_line(write, read, line: str, reason: str, fix: str) -> None:
    articles, rejects = read(write("in.jsonl", lines(GOOD, line, GOOD)))
    assert len(articles) == 2
    assert [(r.line, r.reason) for r in rejects] == [(2, reason)]
    assert fix in rejects[0].fix


def test_jsonl_null_or_empty_date_is_not_a_reject(write, read) -> None:
    articles, rejects = read(write("in.jsonl", lines(GOOD | {"date": None}, GOOD | {"date": ""})))
    assert rejects == []
    assert [a.published for a in articles] == [None, None]


def test_jsonl_undecodable_line_is_rejected_alone(write, read) -> None:
    data = lines(GOOD).encode() + b'{"text": "Prices rose 5\xe9 today."}\n' + lines(GOOD).encode()
    articles, rejects = read(write("in.jsonl", data))
    assert len(articles) == 2
    [reject] = rejects
    assert (reject.line, reject.reason) == (2, "line is not valid utf-8 (byte 0xe9)")
    assert "--encoding" in reject.fix
    assert "\\xe9" in reject.raw


def test_jsonl_encoding_option_reads_latin1(write, read) -> None:
    data = '{"text": "Caf\u00e9 owners protested."}\n'.encode("latin-1")
    articles, rejects = read(write("in.ndjson", data), encoding="latin-1")
    assert rejects == []
    assert articles[0].text == "Caf\u00e9 owners protested."


def test_jsonl_byte_order_mark_is_ignored(write, read) -> None:
    articles, rejects = read(write("in.jsonl", b"\xef\xbb\xbf" + lines(GOOD).encode()))
    assert rejects == []
    assert articles[0].id == "cw-101"


def test_jsonl_raw_is_truncated_to_2000_characters(write, read) -> None:
    articles, rejects = read(write("in.jsonl", lines('{"text": "' + "x" * 5000)))
    assert articles == []
    assert len(rejects[0].raw) == 2000
