from __future__ import annotations

import gzip
import hashlib
import inspect
import io
import json

import pytest

from newsledger.errors import InputError
from newsledger.ingest import ReadOptions, read_articles

STORY = "Fishermen blocked the harbour on Monday. Police watched from the quay."
SEED = f" date 2023-05-01 Coast Herald - {STORY}\ndate 2023-05-02 Inland Post - Talks began.\n"
PAGE = ("<html><head><title>Harbour blockade</title><meta property='og:site_name' content='Coast Herald'></head>"
        "<body><article><h1>Harbour blockade</h1>"
        + "".join(f"<p>{STORY} Paragraph {n} adds that the union wants cheaper diesel for the fleet.</p>"
                  for n in range(4)) + "</article></body></html>")

SAMPLES = {  # name -> (content, number of articles)
    "in.jsonl": ('{"text": "Fishermen protested."}\n{"text": "Talks began."}\n', 2),
    "in.ndjson": ('{"text": "Fishermen protested."}\n', 1),
    "in.json": ('[{"text": "Fishermen protested."}, {"text": "Talks began."}]', 2),
    "in.csv": ('id,text\n1,Fishermen protested.\n2,"Talks began, late."\n', 2),
    "in.tsv": ("id\ttext\n1\tFishermen protested.\n", 1),
    "in.txt": (STORY, 1),
    "seed.txt": (SEED, 2),
    "in.html": (PAGE, 1),
    "in.htm": (PAGE, 1),
}


@pytest.mark.parametrize("name", SAMPLES)
@pytest.mark.parametrize("gz", [False, True])
def test_reader_reads_every_format_and_its_gz(write, read, name: str, gz: bool) -> None:
    content, count = SAMPLES[name]
    articles, rejects = read(write(name + (".gz" if gz else ""), content, gz=gz))
    assert rejects == []
    assert len(articles) == count
    assert all(a.text and a.id for a in articles)


@pytest.mark.parametrize(("content", "outlets"), [
    ('{"text": "Fishermen protested.", "outlet": "Coast Herald"}\n{"text": "Talks began."}\n',
     ["Coast Herald", None]),
    ('[{"text": "Fishermen protested.", "outlet": "Coast Herald"}]', ["Coast Herald"]),
    ('{\n  "text": "Fishermen protested.",\n  "outlet": "Coast Herald"\n}\n', ["Coast Herald"]),
    (SEED, ["Coast Herald", "Inland Post"]),
    (PAGE, ["Coast Herald"]),
    (STORY, [None]),
])
@pytest.mark.parametrize("gz", [False, True])
def test_reader_sniffs_stdin(read, content: str, outlets: list[str | None], gz: bool) -> None:
    data = content.encode()
    articles, rejects = read("-", stdin=io.BytesIO(gzip.compress(data) if gz else data))
    assert rejects == []
    assert [a.outlet for a in articles] == outlets
    assert {a.source for a in articles} == {"<stdin>"}


def test_reader_stdin_format_can_be_forced(read) -> None:
    articles, _ = read("-", stdin=io.BytesIO(b"id,text\n1,Fishermen protested.\n"), format="csv")
    assert [(a.id, a.text, a.line) for a in articles] == [("1", "Fishermen protested.", 2)]


def test_reader_reads_directories_and_globs_in_order(write, read, tmp_path) -> None:
    write("corpus/b.jsonl", '{"id": "b1", "text": "Talks began."}\n')
    write("corpus/a/a.csv.gz", "id,text\na1,Fishermen protested.\n", gz=True)
    write("corpus/README.md", "# not an article\n")
    write("other/c.json", '{"id": "c1", "text": "Talks ended."}')
    articles, rejects = read([str(tmp_path / "corpus"), str(tmp_path / "**" / "*.json")])
    assert rejects == []
    assert [a.id for a in articles] == ["a1", "b1", "c1"]


@pytest.mark.parametrize(("fields", "ids_texts"), [
    ({"text": "story_body"}, [("s1", "Fishermen protested.")]),
    ({"text": "story_body", "id": "ref", "outlet": "paper", "published": "when", "title": "hed", "url": "href"},
     [("R-9", "Fishermen protested.")]),
])
def test_reader_field_overrides_choose_input_fields(write, read, fields, ids_texts) -> None:
    record = {"id": "s1", "ref": "R-9", "paper": "Coast Herald", "when": "2023-05-01", "hed": "Protest",
              "href": "https://coastherald.example/9", "text": "Ignored summary.", "story_body": "Fishermen protested."}
    articles, rejects = read(write("in.jsonl", json.dumps(record) + "\n"), fields=fields)
    assert rejects == []
    assert [(a.id, a.text) for a in articles] == ids_texts
    if "outlet" in fields:
        assert (articles[0].outlet, articles[0].published, articles[0].title, articles[0].url) == (
            "Coast Herald", "2023-05-01", "Protest", "https://coastherald.example/9")


def test_reader_field_override_that_is_missing_is_a_reject(write, read) -> None:
    _, rejects = read(write("in.jsonl", '{"text": "Fishermen protested."}\n'), fields={"text": "story_body"})
    assert rejects[0].reason == "no field 'story_body' (from --field text=story_body); the record has: text"


def test_reader_option_defaults_fill_only_missing_metadata(write, read) -> None:
    content = ('{"text": "Fishermen protested.", "source": {"id": "ch", "name": "Coast Herald"}, '
               '"date": "2023-05-01"}\n{"text": "Talks began."}\n')
    articles, _ = read(write("in.jsonl", content), outlet="Wire Desk", published="2023-06-01")
    assert [(a.outlet, a.published) for a in articles] == [("Coast Herald", "2023-05-01"),
                                                          ("Wire Desk", "2023-06-01")]


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("blob.jsonl", b'{"text": "x"}\x00\x01\x02\n', "binary file (it contains NUL bytes)"),
    ("blob.txt.gz", gzip.compress(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", mtime=0),
     "binary file (it contains NUL bytes)"),
    ("empty.jsonl", b"", "empty file"),
    ("empty.txt", b"  \n\n", "empty file"),
    ("empty.csv.gz", gzip.compress(b"", mtime=0), "empty file"),
    ("broken.jsonl.gz", gzip.compress(b'{"text": "Fishermen protested."}\n' * 50, mtime=0)[:-30],
     "cannot read the file (Compressed file ended before the end-of-stream marker was reached)"),
])
def test_reader_rejects_unreadable_files_once(write, read, name: str, content: bytes, reason: str) -> None:
    path = write(name, content)
    _, rejects = read(path)
    assert [(r.source, r.line, r.reason) for r in rejects][-1:] == [(path, None, reason)]
    assert len(rejects) == 1


def test_reader_utf16_is_refused_with_a_conversion_hint(write, read) -> None:
    articles, rejects = read(write("in.jsonl", '{"text": "Fishermen protested."}\n'.encode("utf-16")))
    assert articles == []
    assert [r.reason for r in rejects] == ["binary file (it contains NUL bytes)"]
    assert "iconv -f UTF-16 -t UTF-8" in rejects[0].fix


@pytest.mark.parametrize(("options", "where"), [
    ({"format": "xml"}, "--format"),
    ({"fields": {"body": "text"}}, "--field"),
    ({"encoding": "utf-9"}, "--encoding"),
    ({"published": "2023-02-30"}, "--published"),
    ({"published": "soon"}, "--published"),
])
def test_reader_bad_options_raise_input_error_at_call_time(write, options, where: str) -> None:
    path = write("in.jsonl", '{"text": "Fishermen protested."}\n')
    with pytest.raises(InputError) as caught:
        read_articles([path], ReadOptions(**options))
    assert caught.value.source == where
    assert caught.value.fix


def test_reader_missing_path_raises_at_call_time(tmp_path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_articles([str(tmp_path / "missing.jsonl")])


def noise(n: int, k: int) -> str:
    """Words gzip cannot shrink much, so the compressed stream is large too."""
    return hashlib.sha256(f"{n}-{k}".encode()).hexdigest()


class CountingStream(io.BytesIO):
    """A stream that remembers how far it has been read."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.high_water = 0

    def read(self, size: int | None = -1) -> bytes:
        data = super().read(size)
        self.high_water = self.tell()
        return data


@pytest.mark.parametrize(("encode", "form"), [
    (lambda records: "".join(json.dumps(r) + "\n" for r in records), None),
    (lambda records: json.dumps(records), "json"),
    (lambda records: "id,text\n" + "".join(f"{r['id']},{r['text']}\n" for r in records), "csv"),
    (lambda records: "".join(f"date 2023-05-01 Coast Herald - {r['text']}\n" for r in records), None),
])
@pytest.mark.parametrize("gz", [False, True])
def test_reader_streams_without_reading_everything_first(encode, form: str | None, gz: bool) -> None:
    records = [{"id": f"r{n}", "text": f"Report {n}. " + " ".join(noise(n, k) for k in range(30))}
               for n in range(300)]
    data = encode(records).encode()
    stream = CountingStream(gzip.compress(data) if gz else data)
    items = read_articles(["-"], ReadOptions(format=form), stdin=stream)
    assert inspect.isgenerator(items)
    first = next(items)
    assert first.text.startswith("Report 0.")
    assert stream.high_water < len(stream.getvalue()) / 4
    assert sum(1 for _ in items) == 299
