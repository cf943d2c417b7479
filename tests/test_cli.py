"""End-to-end: the real `newsledger` command on real DuckDB files, the demo corpus and the shared corpora."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from conftest import DEMO, ROOT, shared_path

pytestmark = pytest.mark.slow


def newsledger(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsledger.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=cwd or ROOT, timeout=900)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = newsledger("ingest", str(DEMO), "--db", str(db), "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("13 read, 13 new, 0 already present"), result.stdout
    return db


def test_cli_ingest_twice_stores_nothing_new(demo_db):
    again = newsledger("ingest", str(DEMO), "--db", str(demo_db), "--quiet")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith("13 read, 0 new, 13 already present")
    runs = duckdb.connect(str(demo_db), read_only=True).execute(
        "SELECT read_count, new_count, present_count FROM runs ORDER BY id").fetchall()
    assert runs[-1] == (13, 0, 13)


@pytest.mark.parametrize("output", ["table", "json", "csv"])
def test_cli_query_commands_print_every_format(demo_db, output):
    for command in ("articles", "entities", "events", "quotes"):
        result = newsledger(command, "--db", str(demo_db), "--format", output)
        assert result.returncode == 0, (command, result.stderr)
        if output == "json":
            rows = json.loads(result.stdout)
            assert isinstance(rows, list)
            if command in ("articles", "entities"):
                assert rows
        elif output == "csv":
            header = next(csv.reader(io.StringIO(result.stdout)))
            assert header[0] in ("id", "name", "article_id")


def test_cli_articles_filters(demo_db):
    rows = json.loads(newsledger("articles", "--db", str(demo_db), "--format", "json", "--outlet",
                                 "meridian daily").stdout)
    assert {r["outlet"] for r in rows} == {"Meridian Daily"} and len(rows) == 2
    rows = json.loads(newsledger("articles", "--db", str(demo_db), "--format", "json", "--since", "2025-01-01",
                                 "--until", "2025-06-30").stdout)
    assert rows and all("2025-01-01" <= r["published"] <= "2025-06-30" for r in rows)
    rows = json.loads(newsledger("articles", "--db", str(demo_db), "--format", "json", "--entity", "IAEA").stdout)
    assert len(rows) >= 2


def test_cli_entities_country_filter(demo_db):
    rows = json.loads(newsledger("entities", "--db", str(demo_db), "--format", "json", "--country", "IRN").stdout)
    assert rows and all(r["country"] == "IRN" for r in rows)
    assert "Iran" in {r["name"] for r in rows}


def test_cli_stats_json(demo_db):
    data = json.loads(newsledger("stats", "--db", str(demo_db), "--format", "json").stdout)
    assert data["counts"]["articles"] == 13
    assert data["counts"]["entities"] > 100
    assert data["runs"] >= 1


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_cli_export(demo_db, tmp_path, fmt):
    target = tmp_path / f"out.{fmt}"
    args = ["export", "--db", str(demo_db), "--format", fmt, "-o", str(target)]
    if fmt != "jsonl":
        args += ["--table", "entities"]
    result = newsledger(*args)
    assert result.returncode == 0, result.stderr
    if fmt == "jsonl":
        records = [json.loads(line) for line in target.read_text(encoding="utf-8").splitlines()]
        assert len(records) == 13 and all(r["schema"] == "newsledger.article/1" for r in records)
    else:
        reader = "read_csv" if fmt == "csv" else "read_parquet"
        count = duckdb.connect().execute(f"SELECT count(*) FROM {reader}('{target}')").fetchone()[0]
        stored = duckdb.connect(str(demo_db), read_only=True).execute("SELECT count(*) FROM entities").fetchone()[0]
        assert count == stored


def test_cli_analyze_founding_example_summary():
    path = shared_path("examples", "islam-times-2023-12-31.txt")
    result = newsledger("analyze", str(path))
    assert result.returncode == 0, result.stderr
    assert "Islam Times" in result.stdout and "2023-12-31" in result.stdout
    assert "Ali Khamenei" in result.stdout


def test_cli_analyze_founding_example_jsonl_meets_the_contract():
    from jsonschema import Draft202012Validator

    result = newsledger("analyze", str(shared_path("examples", "islam-times-2023-12-31.txt")), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    for schema in (ROOT / "docs" / "article.schema.json", shared_path("contract", "article.schema.json")):
        validator = Draft202012Validator(json.loads(schema.read_text(encoding="utf-8")))
        assert not list(validator.iter_errors(record))
    assert (record["article"]["outlet"], record["article"]["published"]) == ("Islam Times", "2023-12-31")
    people = {e["name"]: e for e in record["entities"] if e["type"] == "PERSON"}
    assert {"Ali Khamenei", "Qassem Soleimani", "Esmaeil Qaani", "Zeinab Soleimani",
            "Abu Mahdi al-Muhandis"} <= set(people)
    assert len(people["Ali Khamenei"]["mentions"]) >= 3 and people["Ali Khamenei"]["country"] == "IRN"
    irgc = next(e for e in record["entities"] if "IRGC" in e["aliases"])
    assert "Revolution" in irgc["name"] and any("Revolution" in m["text"] for m in irgc["mentions"])


def test_cli_analyze_reads_stdin_with_metadata_flags():
    text = "Kenyan President William Ruto met Ethiopian officials in Addis Ababa on Monday."
    result = newsledger("analyze", "-", "--format", "jsonl", "--outlet", "Pacific Courier", "--published",
                        "2024-02-12", "--input-format", "txt", stdin=text)
    assert result.returncode == 0, result.stderr
    record = json.loads(result.stdout)
    assert record["article"]["outlet"] == "Pacific Courier" and record["article"]["published"] == "2024-02-12"
    assert any(e["name"] == "William Ruto" and e["country"] == "KEN" for e in record["entities"])


def test_cli_usage_errors_exit_2(tmp_path):
    missing = newsledger("ingest", str(tmp_path / "nothing-here.jsonl"), "--db", str(tmp_path / "x.duckdb"))
    assert missing.returncode == 2 and "nothing-here.jsonl" in missing.stderr
    bad_date = newsledger("ingest", str(DEMO), "--db", str(tmp_path / "x.duckdb"), "--published", "2023-02-30")
    assert bad_date.returncode == 2 and "--published" in bad_date.stderr
    bad_field = newsledger("analyze", str(DEMO), "--field", "body")
    assert bad_field.returncode == 2 and "FIELD=NAME" in bad_field.stderr
    bad_since = newsledger("articles", "--db", str(tmp_path / "x.duckdb"), "--since", "last spring")
    assert bad_since.returncode == 2 and "--since" in bad_since.stderr


def test_cli_run_that_stores_nothing_exits_1_and_keeps_rejects(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1", "outlet": "Northern Wire", "text": ""}\n{"id": "x2", "title": "no body"}\n'
                   "{not json\n", encoding="utf-8")
    db = tmp_path / "bad.duckdb"
    result = newsledger("ingest", str(bad), "--db", str(db))
    assert result.returncode == 1
    assert "0 read, 0 new, 0 already present, 3 rejected" in result.stdout
    lines = [m for m in result.stderr.splitlines() if m.startswith("Rejected:")]
    assert [line.split(":")[2] for line in lines] == ["1", "2", "3"]
    rejects = [json.loads(line) for line in (tmp_path / "bad.rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["source"]) for r in rejects] == [(1, str(bad)), (2, str(bad)), (3, str(bad))]


def test_cli_query_without_ledger_explains(tmp_path):
    result = newsledger("articles", "--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert "newsledger ingest" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def geopolitics_db(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    corpus = shared_path("corpora", "geopolitics", "articles.jsonl")
    db = tmp_path_factory.mktemp("geo") / "geo.duckdb"
    return db, newsledger("ingest", str(corpus), "--db", str(db), "--workers", "2", "--quiet")


def corpus_tables(db: Path) -> dict[str, list[tuple]]:
    """The corpus layer's corpus entities, links and duplicate groups, in a comparable order."""
    with duckdb.connect(str(db), read_only=True) as con:
        return {table: con.execute(f"SELECT * FROM {table} ORDER BY ALL").fetchall()
                for table in ("corpus_entities", "entity_links", "duplicate_groups")}


def test_cli_geopolitics_ingest_twice_keeps_101(geopolitics_db):
    db, first = geopolitics_db
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("101 read, 101 new, 0 already present")
    corpus = corpus_tables(db)
    second = newsledger("ingest", str(shared_path("corpora", "geopolitics", "articles.jsonl")), "--db", str(db),
                        "--quiet")
    assert second.stdout.startswith("101 read, 0 new, 101 already present"), second.stdout
    assert duckdb.connect(str(db), read_only=True).execute("SELECT count(*) FROM articles").fetchone()[0] == 101
    assert corpus_tables(db) == corpus and corpus["entity_links"]  # re-ingesting links and groups nothing anew


def test_cli_geopolitics_soleimani_spellings_are_one_corpus_entity(geopolitics_db):
    db, _ = geopolitics_db
    rows = json.loads(newsledger("entities", "--db", str(db), "--entity", "Qasem Soleimani", "--type", "PERSON",
                                 "--format", "json").stdout)
    assert rows[0]["name"] == "Qassem Soleimani" and rows[0]["articles"] >= 60
    assert {"Qasem Soleimani", "Qassim Suleimani", "Soleimani"} <= set(rows[0]["aliases"])
    with duckdb.connect(str(db), read_only=True) as con:
        spellings = con.execute(
            "SELECT e.name, l.corpus_id FROM entities e JOIN entity_links l USING (article_id, entity_id) WHERE "
            "e.type = 'PERSON' AND regexp_matches(lower(e.name), '^(\\w+ )?s[oui]+l[aeiy]+mani$')").fetchall()
    people = {name: corpus_id for name, corpus_id in spellings}
    assert len(people) >= 4  # Qassem, Qasem, Qassam, Qassen, Shahid, Martyr ... Soleimani, as the texts spell them
    assert len({corpus_id for name, corpus_id in spellings if not name.startswith("Zeinab")}) == 1
    assert people.get("Zeinab Soleimani", "another") != rows[0]["id"]  # his daughter is another person


def test_cli_geopolitics_corrupted_copy_stores_98_and_rejects_3(geopolitics_db, tmp_path):
    db, _ = geopolitics_db
    lines = shared_path("corpora", "geopolitics", "articles.jsonl").read_bytes().splitlines(keepends=True)
    lines[9] = lines[9][:80] + b"\n"
    lines[41] = b'{"id": "broken", "outlet": "Vox", "date": "2020-02-31", "text": "A body."}\n'
    lines[76] = lines[76].replace(b'"text": "', b'"txet": "', 1)
    corrupted = tmp_path / "corrupted.jsonl"
    corrupted.write_bytes(b"".join(lines))
    fresh_db = tmp_path / "fresh.duckdb"
    result = newsledger("ingest", str(corrupted), "--db", str(fresh_db), "--rejects", str(tmp_path / "r.jsonl"),
                        "--workers", "2", "--quiet")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("98 read, 98 new, 0 already present, 3 rejected")
    rejects = [json.loads(line) for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [10, 42, 77]
    assert "impossible date" in rejects[1]["reason"] and "--field text=" in rejects[2]["fix"]
    count = duckdb.connect(str(fresh_db), read_only=True).execute("SELECT count(*) FROM articles").fetchone()[0]
    assert count == 98
