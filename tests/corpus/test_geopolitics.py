"""Acceptance of canonical events on the shared geopolitics corpus: 101 real articles from 33 outlets on five
events (the Tehran Times records have no publication date). Read at run time from ../shared, never copied.

The corpus's own fields (``outlet_country``, ``event_cluster``: which event each article was filed under by hand)
are used only here, to check the result; ingesting reads id, outlet, date, title and text as the CLI does."""

from __future__ import annotations

import json
from collections import Counter

import duckdb
import pytest
from click.testing import CliRunner

from conftest import shared_path
from corpus.ledgers import snapshot
from newsledger import corpus
from newsledger.cli import main
from newsledger.ingest import RejectsFile
from newsledger.run import ingest
from newsledger.store.ledger import Ledger, open_ledger

pytestmark = pytest.mark.slow
VIOLENT = ("18", "19", "20")
AIRCRAFT = ("plane", "jet", "airliner", "aircraft", "flight", "boeing")  # how the texts name the downed airliner
TABLES = {"canonical_events": "id", "canonical_links": "article_id, event_id",
          "canonical_statements": "article_id, event_id", "corpus_entities": "corpus_id",
          "entity_links": "article_id, entity_id", "duplicate_groups": "article_id"}


@pytest.fixture(scope="module")
def geo(tmp_path_factory, pipeline):
    path = shared_path("corpora", "geopolitics", "articles.jsonl")
    records = {r["id"]: r for r in map(json.loads, path.read_text(encoding="utf-8").splitlines())}
    db = tmp_path_factory.mktemp("geopolitics") / "geo.duckdb"
    with Ledger(db) as ledger, RejectsFile(db.with_suffix(".rejects.jsonl")) as rejects:
        report = ingest([str(path)], ledger, pipeline=pipeline, rejects=rejects)
    assert (report.new, report.rejected) == (101, 0)
    return {"db": db, "path": path, "records": records}


def statements(db) -> list[dict]:
    """Every violent statement with its canonical event and the corpus entity its target is linked to."""
    with duckdb.connect(str(db), read_only=True) as con:
        cursor = con.execute(
            "SELECT v.article_id, v.outlet, v.modality, v.source_country, v.target_country, "
            "coalesce(v.target_name, v.target_text) AS target, l.canonical_id, t.corpus_id AS target_id "
            "FROM events v JOIN canonical_links l USING (article_id, event_id) LEFT JOIN entity_links t "
            "ON t.article_id = v.article_id AND t.entity_id = v.target_entity WHERE v.root IN ('18', '19', '20')")
        columns = [d[0] for d in cursor.description]
        return [dict(zip(columns, row)) for row in cursor.fetchall()]


def soleimani(db) -> tuple[str, list[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        found = con.execute("SELECT corpus_id, aliases FROM corpus_entities WHERE name ILIKE '%soleimani' "
                            "AND type = 'PERSON' ORDER BY article_count DESC LIMIT 1").fetchall()
    assert found, "no corpus entity for Soleimani"
    return found[0]


def the_strike(geo) -> tuple[dict, list[dict]]:
    """The canonical event most asserted statements of an American (or unnamed) act against Soleimani are in."""
    corpus_id, _ = soleimani(geo["db"])
    told = [s for s in statements(geo["db"]) if s["target_id"] == corpus_id and s["modality"] == "asserted"
            and s["source_country"] in ("USA", None)]
    main_id = Counter(s["canonical_id"] for s in told).most_common(1)[0][0]
    with open_ledger(geo["db"]) as ledger:
        return ledger.canonical_event(main_id), told


def test_geopolitics_soleimani_spellings_are_one_corpus_entity(geo):
    _, aliases = soleimani(geo["db"])
    assert {"Qasem Soleimani", "Qassim Suleimani", "Soleimani"} <= set(aliases)


def test_geopolitics_the_strike_that_killed_soleimani_is_one_event_told_by_iranian_and_us_outlets(geo):
    strike, told = the_strike(geo)
    assert strike["date"] in ("2020-01-03", "2020-01") and strike["modality"] == "asserted"
    assert strike["source_country"] == "USA" and strike["location_country"] == "IRQ"
    assert strike["num_sources"] >= 15
    inside = [s for s in told if s["canonical_id"] == strike["id"]]
    assert len(inside) >= 0.85 * len(told)  # the rest carry another hard date the texts gave (misread ones)
    assert {s["outlet"] for s in inside} == {s["outlet"] for s in told}  # every outlet that told it is in it
    with duckdb.connect(str(geo["db"]), read_only=True) as con:
        articles = [r[0] for r in con.execute("SELECT DISTINCT article_id FROM canonical_links WHERE canonical_id = ?",
                                              [strike["id"]]).fetchall()]
    countries = Counter(geo["records"][a]["outlet_country"] for a in articles)
    assert countries["Iran"] >= 10 and countries["US"] >= 10  # Tehran Times (no publication dates) and US outlets


def test_geopolitics_compare_shows_the_outlets_verb_choices(geo):
    strike, _ = the_strike(geo)
    result = CliRunner().invoke(main, ["compare", strike["id"], "--db", str(geo["db"]), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    verbs = {s["verb"] for o in data["outlets"] for s in o["statements"]}
    assert {"killed", "assassinated", "martyred"} <= verbs
    by_outlet = {o["outlet"]: {s["verb"] for s in o["statements"]} for o in data["outlets"]}
    assert "assassinated" in by_outlet["Tehran Times"] and len(by_outlet) == strike["num_sources"]


def test_geopolitics_the_missile_strike_and_the_airliner_are_other_events(geo):
    strike, _ = the_strike(geo)
    every = statements(geo["db"])
    missiles = [s for s in every if geo["records"][s["article_id"]]["event_cluster"].startswith("iran_missile")
                and s["source_country"] == "IRN" and s["target_country"] in ("USA", "IRQ")]
    airliner = [s for s in every if any(word in (s["target"] or "").lower() for word in AIRCRAFT)
                and s["target_country"] in ("UKR", "IRN", None)]
    assert len(missiles) >= 8 and len(airliner) >= 10
    missile_events, airliner_events = {s["canonical_id"] for s in missiles}, {s["canonical_id"] for s in airliner}
    assert strike["id"] not in missile_events | airliner_events
    assert not missile_events & airliner_events
    with open_ledger(geo["db"]) as ledger:
        widest = max((ledger.canonical_event(i) for i in missile_events), key=lambda e: e["num_sources"])
    assert widest["date"] in ("2020-01-07", "2020-01-08") and widest["num_sources"] >= 3
    with open_ledger(geo["db"]) as ledger:
        downed = max((ledger.canonical_event(i) for i in airliner_events), key=lambda e: e["num_sources"])
    assert downed["source_country"] == "IRN" and downed["num_sources"] >= 3  # one act, told by several outlets


def test_geopolitics_ingesting_again_changes_no_count(geo, pipeline):
    before = snapshot(geo["db"], TABLES)
    with Ledger(geo["db"]) as ledger, RejectsFile(geo["db"].with_suffix(".again.jsonl")) as rejects:
        report = ingest([str(geo["path"])], ledger, pipeline=pipeline, rejects=rejects)
    assert (report.new, report.present) == (0, 101)
    assert snapshot(geo["db"], TABLES) == before


def test_geopolitics_two_halves_give_the_same_canonical_events_as_one_pass(geo, tmp_path):
    """The stored analyses written again in two halves, the corpus layer brought up to date after each: the
    Tehran Times records (no dates) first, the rest second."""
    with open_ledger(geo["db"]) as ledger:
        analyses = [ledger.analysis(article_id) for article_id in sorted(geo["records"])]
    first = [a for a in analyses if a.article.outlet == "Tehran Times"]
    second = [a for a in analyses if a.article.outlet != "Tehran Times"]
    with Ledger(tmp_path / "halves.duckdb") as ledger:
        for half in (first, second):
            ledger.write(half)
            corpus.update(ledger)
    assert snapshot(tmp_path / "halves.duckdb", TABLES) == snapshot(geo["db"], TABLES)
