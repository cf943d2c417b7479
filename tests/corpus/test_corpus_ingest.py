"""The corpus layer end to end: the real reader and pipeline, real DuckDB ledgers, the query commands.

A small corpus written for these tests (``articles.py``) is ingested in one pass, and into a second ledger in two
halves — the half holding the surname and acronym used alone first — then again into the first; and into a third
in one run whose corpus layer catches up every few articles as a long run's does every thousand."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

import newsledger.run
from corpus.articles import ARTICLES
from corpus.ledgers import run, snapshot, write
from newsledger.cli import main
from newsledger.ingest import RejectsFile
from newsledger.run import ingest
from newsledger.store.ledger import Ledger

#: the corpus layer's tables, each with the order that makes two snapshots comparable
TABLES = {"corpus_entities": "corpus_id", "entity_links": "article_id, entity_id",
          "entity_keys": "article_id, entity_id, key", "duplicate_groups": "article_id",
          "duplicate_pairs": "article_id, other_id", "article_minhash": "article_id",
          "article_bands": "article_id, band_key", "corpus_processed": "step, article_id"}
LATE = {"hw-0304", "ct-0304", "el-0305"}  # the wire story and its copies: the second half


def acronym_link(db) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT c.name FROM entities e JOIN entity_links USING (article_id, entity_id) "
                           "JOIN corpus_entities c USING (corpus_id) WHERE e.article_id = 'cp-0308' "
                           "AND e.name = 'NWA'").fetchone()[0]


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, pipeline):
    folder = tmp_path_factory.mktemp("corpus")
    whole = write(folder / "all.jsonl", ARTICLES)
    one = folder / "one.duckdb"
    run([whole], one, pipeline)
    halves = folder / "halves.duckdb"
    run([write(folder / "early.jsonl", [a for a in ARTICLES if a["id"] not in LATE])], halves, pipeline)
    before = acronym_link(halves)
    run([write(folder / "late.jsonl", [a for a in ARTICLES if a["id"] in LATE])], halves, pipeline)
    every, seen = folder / "every.duckdb", []  # seen: articles the corpus layer had taken in, at each commit
    with Ledger(every) as ledger, RejectsFile(every.with_suffix(".rejects.jsonl")) as rejects:
        ingest([whole], ledger, pipeline=pipeline, rejects=rejects, batch_size=2, corpus_every=3,
               on_progress=lambda *_: seen.append(ledger.con.execute(
                   "SELECT count(*) FROM corpus_processed WHERE step = 'entities'").fetchall()[0][0]))
    # the same, with the model and the catch-ups in processes of their own, and the file reopened every 2 articles
    apart, seen_apart, connections = folder / "apart.duckdb", [], []
    with Ledger(apart) as ledger, RejectsFile(apart.with_suffix(".rejects.jsonl")) as rejects, \
            pytest.MonkeyPatch.context() as patch:
        patch.setattr(newsledger.run, "REOPEN_EVERY", 2)
        ingest([whole], ledger, pipeline=pipeline, rejects=rejects, batch_size=2, corpus_every=3, apart=True,
               on_progress=lambda *_: (connections.append(ledger.con), seen_apart.append(ledger.con.execute(
                   "SELECT count(*) FROM corpus_processed WHERE step = 'entities'").fetchall()[0][0])))
    return {"one": one, "halves": halves, "whole": whole, "acronym_before_its_definition": before,
            "every": every, "taken_in_during_the_run": seen, "apart": apart, "taken_in_apart": seen_apart,
            "connections": connections}


def cli(*args: str) -> list[dict]:
    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_corpus_ingest_in_two_halves_gives_the_same_tables_as_one_pass(ledgers):
    assert ledgers["acronym_before_its_definition"] == "NWA"  # the first half alone could not resolve it ...
    assert acronym_link(ledgers["halves"]) == "National Water Authority"  # ... the second half re-linked it
    one, halves = snapshot(ledgers["one"], TABLES), snapshot(ledgers["halves"], TABLES)
    for table in TABLES:
        assert one[table] == halves[table], table
    with duckdb.connect(str(ledgers["halves"]), read_only=True) as con:  # every entity has exactly one link
        assert con.execute("SELECT count(*) FROM entities e LEFT JOIN entity_links l USING (article_id, entity_id) "
                           "WHERE l.corpus_id IS NULL").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM entity_links").fetchone()[0] == \
            con.execute("SELECT count(*) FROM entities").fetchone()[0]


def test_corpus_ingest_catching_up_during_the_run_gives_the_same_tables_as_at_its_end(ledgers):
    tables = {**TABLES, "canonical_events": "id", "canonical_links": "article_id, event_id",
              "canonical_statements": "article_id, event_id"}
    # commits of 2, 2, 2 and 1 articles; the layer caught up after the second (4 articles, 3 asked for)
    assert ledgers["taken_in_during_the_run"] == [0, 0, 4, 4]
    assert snapshot(ledgers["every"], tables) == snapshot(ledgers["one"], tables)


def test_corpus_ingest_catching_up_in_a_process_of_its_own_gives_the_same_tables(ledgers):
    """``apart``: the analysis in a worker process, stopped while another process brings the corpus layer up to
    date in the ledger file, which the run closes meanwhile and opens again."""
    tables = {**TABLES, "canonical_events": "id", "canonical_links": "article_id, event_id",
              "canonical_statements": "article_id, event_id"}
    assert ledgers["taken_in_apart"] == [0, 0, 4, 4]
    # the file reopened after the 1st and 3rd commits (2 articles written) and for the catch-up after the 2nd
    assert [len({id(c) for c in ledgers["connections"][:n]}) for n in range(1, 5)] == [1, 2, 3, 4]
    assert snapshot(ledgers["apart"], tables) == snapshot(ledgers["one"], tables)


def test_corpus_ingest_with_two_workers_writes_what_they_analysed_during_a_catch_up_once_it_ends(ledgers, tmp_path):
    """With two workers a catch-up takes one worker's place and runs in the background while the analysis goes on;
    the ledger's file is the catch-up's meanwhile, so the analyses settled then wait, and are written together,
    with their progress, once it has ended. The tables come out as those of one pass."""
    tables = {**TABLES, "canonical_events": "id", "canonical_links": "article_id, event_id",
              "canonical_statements": "article_id, event_id"}
    db, commits = tmp_path / "two.duckdb", []
    with Ledger(db) as ledger, RejectsFile(db.with_suffix(".rejects.jsonl")) as rejects:
        report = ingest([ledgers["whole"]], ledger, rejects=rejects, workers=2, apart=True, batch_size=2,
                        corpus_every=3, on_progress=lambda articles, _: commits.append((articles, ledger.con.execute(
                            "SELECT count(*) FROM corpus_processed WHERE step = 'entities'").fetchall()[0][0])))
    assert report.new == len(ARTICLES) == 7
    # commits of 2 and 2 articles, a catch-up over those 4, and the other 3 written together once it had ended
    assert commits == [(2, 0), (2, 0), (3, 4)]
    assert snapshot(db, tables) == snapshot(ledgers["one"], tables)
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT new_count, finished_at IS NOT NULL FROM runs").fetchall() == [(7, True)]


def test_corpus_ingest_catches_up_less_often_as_the_ledger_grows(tmp_path, pipeline):
    """A ledger of 4 articles asked to catch up after every new one waits for 2 (half of 4), then for 3."""
    db, seen = tmp_path / "grown.duckdb", []
    with Ledger(db) as ledger, RejectsFile(db.with_suffix(".rejects.jsonl")) as rejects:
        ingest([write(tmp_path / "early.jsonl", [a for a in ARTICLES if a["id"] not in LATE])], ledger,
               pipeline=pipeline, rejects=rejects)
        ingest([write(tmp_path / "late.jsonl", [a for a in ARTICLES if a["id"] in LATE])], ledger,
               pipeline=pipeline, rejects=rejects, batch_size=1, corpus_every=1,
               on_progress=lambda *_: seen.append(ledger.con.execute(
                   "SELECT count(*) FROM corpus_processed WHERE step = 'entities'").fetchall()[0][0]))
    assert seen == [4, 4, 6]  # at each commit, before any catch-up: one after the second new article


def test_corpus_ingest_again_changes_nothing(ledgers, pipeline):
    before = snapshot(ledgers["one"], TABLES)
    run([ledgers["whole"]], ledgers["one"], pipeline)
    assert snapshot(ledgers["one"], TABLES) == before
    assert len(before["corpus_processed"]) == 2 * len(ARTICLES)


def test_corpus_entities_merge_spellings_and_keep_namesakes_apart(ledgers):
    rows = {r["name"]: r for r in cli("entities", "--db", str(ledgers["one"]), "--entity", "khou",
                                      "--type", "PERSON")}
    assert set(rows) == {"Youssef Khoury", "Leila Khoury"}
    commander, minister = rows["Youssef Khoury"], rows["Leila Khoury"]
    assert commander["articles"] == 6 and {"Yusuf Khouri", "Youssef el-Khouri", "Khoury"} <= set(commander["aliases"])
    assert minister["articles"] == 2 and minister["id"] != commander["id"]
    assert minister["id"].startswith("ce-")


def test_corpus_entities_an_acronym_alone_joins_the_name_another_article_defined(ledgers):
    rows = cli("entities", "--db", str(ledgers["one"]), "--entity", "NWA")
    assert [(r["name"], r["articles"]) for r in rows] == [("National Water Authority", 4)]


def test_corpus_entity_filter_finds_every_spelling(ledgers):
    db = str(ledgers["one"])
    articles = {r["id"] for r in cli("articles", "--db", db, "--entity", "Yusuf Khouri")}
    assert articles == {"hw-0304", "ct-0304", "el-0305", "cp-0306", "dr-0307", "cp-0308"}


def test_corpus_duplicates_group_the_wire_copies_and_counts_can_leave_them_out(ledgers):
    db = str(ledgers["one"])
    rows = cli("duplicates", "--db", db)
    assert {(r["group_id"], r["article_id"], r["representative"]) for r in rows} == {
        ("ct-0304", "ct-0304", True), ("ct-0304", "hw-0304", False), ("ct-0304", "el-0305", False)}
    assert all(0.5 < r["similarity"] <= 1 for r in rows)
    kept = {r["id"] for r in cli("articles", "--db", db, "--exclude-duplicates")}
    assert kept == {a["id"] for a in ARTICLES} - {"hw-0304", "el-0305"}
    events = cli("events", "--db", db)
    assert {"hw-0304", "el-0305"} <= {e["article_id"] for e in events}
    assert {e["article_id"] for e in cli("events", "--db", db, "--exclude-duplicates")} == \
        {e["article_id"] for e in events} - {"hw-0304", "el-0305"}
    commander = cli("entities", "--db", db, "--entity", "Youssef Khoury", "--exclude-duplicates")[0]
    assert commander["articles"] == 4
    stats = json.loads(CliRunner().invoke(main, ["stats", "--db", db, "--format", "json"]).output)
    assert stats["corpus"]["duplicate_groups"] == 1 and stats["corpus"]["duplicate_copies"] == 2


def test_corpus_entity_page_queries_gather_every_spelling(ledgers):
    with Ledger(ledgers["one"]) as ledger:
        summary = ledger.entity_summary("Youssef Khoury")
        mentioned_in = {r["article_id"] for r in ledger.entity_mentions("Youssef Khoury").records()}
        namesake = ledger.entity_summary("Leila Khoury")
    assert summary["articles"] == 6 and {"Yusuf Khouri", "Youssef el-Khouri"} <= set(summary["aliases"])
    assert mentioned_in == {"hw-0304", "ct-0304", "el-0305", "cp-0306", "dr-0307", "cp-0308"}
    assert namesake["articles"] == 2 and "Yusuf Khouri" not in namesake["aliases"]
