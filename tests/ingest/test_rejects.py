from __future__ import annotations

import json

from newsledger.ingest import RejectsFile
from newsledger.ingest.rejects import RAW_LIMIT, reject
from newsledger.records import Reject


def test_rejects_file_is_created_only_at_the_first_reject(tmp_path) -> None:
    path = tmp_path / "out" / "rejects.jsonl"
    with RejectsFile(path) as rejects:
        assert not path.exists()
        assert rejects.count == 0
    assert not path.exists()


def test_rejects_file_writes_one_json_object_per_reject(tmp_path) -> None:
    path = tmp_path / "out" / "rejects.jsonl"
    with RejectsFile(path) as rejects:
        rejects.write(Reject("corpus.jsonl", 17, "malformed JSON (Expecting value at column 1)",
                             "fix the JSON on that line or remove it", "{oops"))
        rejects.write(Reject("blob.bin", None, "binary file (it contains NUL bytes)", "give a text file"))
        assert rejects.count == 2
        assert rejects.path == path
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [list(json.loads(line)) for line in lines] == [["source", "line", "reason", "fix", "raw"]] * 2
    assert json.loads(lines[0])["line"] == 17
    assert json.loads(lines[1]) == {"source": "blob.bin", "line": None, "reason": "binary file (it contains NUL bytes)",
                                    "fix": "give a text file", "raw": None}


def test_rejects_raw_is_truncated() -> None:
    made = reject("in.jsonl", 3, "malformed JSON", "fix it", "é" * (RAW_LIMIT + 10))
    assert made.raw == "é" * RAW_LIMIT
    assert RAW_LIMIT == 2000


def test_rejects_message_is_one_line_with_place_reason_and_fix() -> None:
    made = reject("corpus.jsonl", 17, "malformed JSON (Expecting ',' delimiter at column 40)",
                  "fix the JSON on that line or remove it")
    assert made.message() == ("corpus.jsonl:17: malformed JSON (Expecting ',' delimiter at column 40) — "
                              "fix the JSON on that line or remove it")
