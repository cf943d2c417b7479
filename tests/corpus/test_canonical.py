"""Canonical events end to end: short articles written for these tests, told by several outlets, through the real
reader, pipeline and DuckDB ledger, pin the hard clustering decisions; the CLI and the exports read the result.

The cases: a strike told by three outlets and recalled by a fourth three years later (one event, dated to the
day of the strike); the same actors fighting at the same place a week apart (two events); one air force killing
two commanders on the same day (two events); a kidnapping reported twice and denied once (the denial is an event
of its own, related to the kidnapping)."""

from __future__ import annotations

import json

import duckdb
import pytest
from click.testing import CliRunner

from corpus.ledgers import run, snapshot, write
from newsledger.cli import main
from newsledger.corpus import canonical
from newsledger.store.export import export
from newsledger.store.ledger import Ledger, open_ledger

ARTICLES = [
    {"id": "nw-200104", "outlet": "Northern Wire", "date": "2020-01-04", "title": "US strike kills militia chief",
     "text": "A U.S. drone strike killed militia commander Karim Haddad near Baghdad airport on Friday. The strike "
             "also destroyed two vehicles of his convoy. Iraq's prime minister condemned the attack as a violation "
             "of Iraqi sovereignty."},
    {"id": "ht-200103", "outlet": "Harbor Times", "date": "2020-01-03", "title": "Haddad assassinated",
     "text": "The United States assassinated Karim Haddad in an airstrike in Baghdad on Friday. Crowds gathered "
             "outside the embassy in the evening."},
    {"id": "cl-200105", "outlet": "Capital Ledger", "date": "2020-01-05", "title": "Funeral planned for Haddad",
     "text": "American forces killed Karim Haddad, a senior militia commander, in Baghdad on January 3. His funeral "
             "is expected on Monday."},
    {"id": "ep-230103", "outlet": "Eastern Post", "date": "2023-01-03", "title": "Basra marks anniversary",
     "text": "Thousands gathered in Basra on Tuesday to mark the anniversary of the US strike that killed Karim "
             "Haddad in Baghdad in January 2020. Speakers demanded that foreign troops leave Iraq."},
    {"id": "nw-240503", "outlet": "Northern Wire", "date": "2024-05-03", "title": "Fighting near Kharkiv",
     "text": "Russian forces attacked Ukrainian troops near Kharkiv on May 2, 2024. Residents of nearby villages "
             "were told to stay in shelters."},
    {"id": "ep-240503", "outlet": "Eastern Post", "date": "2024-05-03", "title": "Kharkiv front",
     "text": "Russian forces attacked Ukrainian troops near Kharkiv on Thursday."},
    {"id": "ht-240510", "outlet": "Harbor Times", "date": "2024-05-10", "title": "New assault near Kharkiv",
     "text": "Russian forces attacked Ukrainian troops near Kharkiv on May 9, 2024. Officials counted the damage "
             "the next morning."},
    {"id": "cl-240606", "outlet": "Capital Ledger", "date": "2024-06-06", "title": "Hamas commander killed",
     "text": "Israeli aircraft killed Hamas commander Youssef Nasser in Gaza on June 5, 2024."},
    {"id": "vh-240606", "outlet": "Valley Herald", "date": "2024-06-06", "title": "Airstrike in Gaza City",
     "text": "An Israeli airstrike killed Youssef Nasser, a Hamas commander, in Gaza City on Wednesday."},
    {"id": "ep-240606", "outlet": "Eastern Post", "date": "2024-06-06", "title": "Hezbollah commander killed",
     "text": "Israeli aircraft killed Hezbollah commander Ali Qasir in southern Lebanon on June 5, 2024."},
    {"id": "nw-240304", "outlet": "Northern Wire", "date": "2024-03-04", "title": "Aid worker kidnapped",
     "text": "Al-Shabaab kidnapped Thomas Weber, a German aid worker, near Kismayo on Sunday."},
    {"id": "ht-240305", "outlet": "Harbor Times", "date": "2024-03-05", "title": "German abducted in Somalia",
     "text": "Al-Shabaab kidnapped the German aid worker Thomas Weber in southern Somalia on March 3, 2024."},
    {"id": "cl-240306", "outlet": "Capital Ledger", "date": "2024-03-06", "title": "Al-Shabaab denies kidnapping",
     "text": "Al-Shabaab on Wednesday denied kidnapping Thomas Weber."},
]
#: The recall, the denial, the second Kharkiv attack and the two killings of June 5 arrive first: the events
#: they belong to are completed by the second half.
EARLY = {"ep-230103", "cl-240306", "ht-240510", "ep-240606", "vh-240606"}
TABLES = {"canonical_events": "id", "canonical_links": "article_id, event_id",
          "canonical_statements": "article_id, event_id", "canonical_blocks": "block, article_id, event_id"}


@pytest.fixture(scope="module")
def ledgers(tmp_path_factory, pipeline):
    folder = tmp_path_factory.mktemp("canonical")
    whole = write(folder / "all.jsonl", ARTICLES)
    one = folder / "one.duckdb"
    run([whole], one, pipeline)
    halves = folder / "halves.duckdb"
    run([write(folder / "early.jsonl", [a for a in ARTICLES if a["id"] in EARLY])], halves, pipeline)
    run([write(folder / "late.jsonl", [a for a in ARTICLES if a["id"] not in EARLY])], halves, pipeline)
    return {"one": one, "halves": halves, "whole": whole, "folder": folder}


def event_of(db, article_id: str, target: str) -> dict:
    """The canonical event of the violent statement of an article whose target is named so."""
    with open_ledger(db) as ledger:
        found = ledger.con.execute(
            "SELECT l.canonical_id FROM events v JOIN canonical_links l USING (article_id, event_id) "
            "WHERE v.article_id = ? AND v.root IN ('18', '19', '20') AND coalesce(v.target_name, v.target_text) = ?",
            [article_id, target]).fetchall()
        assert len({r[0] for r in found}) == 1, (article_id, target, found)
        event = ledger.canonical_event(found[0][0])
        event["articles"] = sorted({r[0] for r in ledger.con.execute(
            "SELECT article_id FROM canonical_links WHERE canonical_id = ?", [event["id"]]).fetchall()})
        return event


def test_canonical_a_strike_recalled_years_later_is_one_event_dated_when_it_happened(ledgers):
    strike = event_of(ledgers["one"], "nw-200104", "Karim Haddad")
    assert strike["articles"] == ["cl-200105", "ep-230103", "ht-200103", "nw-200104"]
    assert (strike["date"], strike["date_precision"]) == ("2020-01-03", "day")
    assert (strike["num_sources"], strike["num_articles"], strike["modality"]) == (4, 4, "asserted")
    assert (strike["source_country"], strike["target"], strike["location"]) == ("USA", "Karim Haddad", "Baghdad")
    assert (strike["first_seen"].isoformat(), strike["last_seen"].isoformat()) == ("2020-01-03", "2023-01-03")


def test_canonical_same_actors_on_different_days_are_two_events(ledgers):
    first = event_of(ledgers["one"], "nw-240503", "Ukrainian troops")
    second = event_of(ledgers["one"], "ht-240510", "Ukrainian troops")
    assert first["id"] != second["id"]
    assert first["articles"] == ["ep-240503", "nw-240503"] and first["date"] == "2024-05-02"
    assert second["articles"] == ["ht-240510"] and second["date"] == "2024-05-09"


def test_canonical_same_day_with_different_actors_are_two_events(ledgers):
    nasser = event_of(ledgers["one"], "cl-240606", "Youssef Nasser")
    qasir = event_of(ledgers["one"], "ep-240606", "Ali Qasir")
    assert nasser["id"] != qasir["id"] and nasser["date"] == qasir["date"] == "2024-06-05"
    assert nasser["articles"] == ["cl-240606", "vh-240606"] and qasir["articles"] == ["ep-240606"]


def test_canonical_a_denial_stays_apart_from_the_event_it_denies_but_is_related_to_it(ledgers):
    kidnapping = event_of(ledgers["one"], "nw-240304", "Thomas Weber")
    denial = event_of(ledgers["one"], "cl-240306", "Thomas Weber")
    assert kidnapping["articles"] == ["ht-240305", "nw-240304"] and kidnapping["modality"] == "asserted"
    assert denial["articles"] == ["cl-240306"] and denial["modality"] == "negated"
    assert denial["related_id"] == kidnapping["id"] and denial["id"] in kidnapping["related"]


def test_canonical_every_statement_belongs_to_exactly_one_event_and_counts_add_up(ledgers):
    with duckdb.connect(str(ledgers["one"]), read_only=True) as con:
        events = con.execute("SELECT count(*) FROM events").fetchone()[0]
        linked = con.execute("SELECT count(*), count(DISTINCT (article_id, event_id)) FROM canonical_links "
                             "JOIN events USING (article_id, event_id)").fetchone()
        assert linked == (events, events) and events >= 15
        mentions, unknown = con.execute("SELECT sum(num_mentions), count(*) FILTER (WHERE id NOT IN "
                                        "(SELECT canonical_id FROM canonical_links)) FROM canonical_events").fetchone()
        assert (mentions, unknown) == (events, 0)


def test_canonical_ingesting_in_two_halves_gives_the_same_events_as_one_pass(ledgers):
    one, halves = snapshot(ledgers["one"], TABLES), snapshot(ledgers["halves"], TABLES)
    for table in TABLES:
        assert one[table] == halves[table], table


def test_canonical_ingesting_again_changes_nothing(ledgers, pipeline):
    before = snapshot(ledgers["one"], TABLES)
    run([ledgers["whole"]], ledgers["one"], pipeline)
    assert snapshot(ledgers["one"], TABLES) == before


def test_canonical_killed_between_two_slices_ends_as_one_pass_once_run_again(ledgers, pipeline, monkeypatch):
    """Each slice of statements is committed on its own. A catch-up that dies after its first slices has stored
    whole slices only, and the next catch-up takes the rest: the same events as one pass."""
    db = ledgers["folder"] / "sliced.duckdb"
    with monkeypatch.context() as patch:
        patch.setattr(canonical, "update", lambda ledger: None)  # everything but the canonical step
        run([ledgers["whole"]], db, pipeline)
    with monkeypatch.context() as patch, Ledger(db) as ledger:
        statements = ledger.con.execute("SELECT count(*) FROM events").fetchall()[0][0]
        patch.setattr(canonical, "SLICE", 4)
        calls, recluster = [], canonical._recluster

        def dies_in_the_third_slice(ledger_, todo):
            calls.append(len(todo))
            if len(calls) == 3:
                raise KeyboardInterrupt
            recluster(ledger_, todo)

        patch.setattr(canonical, "_recluster", dies_in_the_third_slice)
        with pytest.raises(KeyboardInterrupt):
            canonical.update(ledger)
        stored = ledger.con.execute("SELECT count(*) FROM canonical_statements").fetchall()[0][0]
        assert stored == 8 < statements  # two slices of four committed, the third rolled back
        patch.setattr(canonical, "_recluster", recluster)
        canonical.update(ledger)
    assert snapshot(db, TABLES) == snapshot(ledgers["one"], TABLES)


def cli(*args: str):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_canonical_cli_compare_shows_each_outlets_verb_in_the_documented_shape(ledgers):
    strike = event_of(ledgers["one"], "nw-200104", "Karim Haddad")
    data = json.loads(cli("compare", strike["id"], "--db", str(ledgers["one"]), "--format", "json"))
    assert data["event"]["id"] == strike["id"] and data["event"]["num_sources"] == 4
    outlets = [o["outlet"] for o in data["outlets"]]
    assert outlets == sorted(outlets) == ["Capital Ledger", "Eastern Post", "Harbor Times", "Northern Wire"]
    statements = [s for o in data["outlets"] for s in o["statements"]]
    for s in statements:
        assert {"article_id", "verb", "framing", "quotes", "date", "location", "modality"} <= set(s)
    verbs = {o["outlet"]: {s["verb"] for s in o["statements"]} for o in data["outlets"]}
    assert "assassinated" in verbs["Harbor Times"] and "killed" in verbs["Capital Ledger"]
    assert "assassinated" in next(s["framing"] for s in statements if s["article_id"] == "ht-200103")
    table = cli("compare", strike["id"], "--db", str(ledgers["one"]))
    assert "verbs: " in table and "assassinated" in table and "Harbor" in table  # as wide as the terminal allows


def test_canonical_cli_compare_of_an_unknown_id_says_how_to_find_one(ledgers):
    result = CliRunner().invoke(main, ["compare", "ev-000000000000", "--db", str(ledgers["one"])])
    assert result.exit_code == 1 and "newsledger canonical" in result.output


def test_canonical_cli_timeline_lists_an_entitys_events_by_their_own_dates(ledgers):
    rows = json.loads(cli("timeline", "--entity", "thomas weber", "--db", str(ledgers["one"]), "--format", "json"))
    assert [(r["date"], r["modality"]) for r in rows] == [("2024-03-03", "asserted"), ("2024-03-06", "negated")]
    for row in rows:
        assert {"id", "cameo", "root", "date", "location", "source", "target", "num_mentions", "num_articles",
                "num_sources", "first_seen", "last_seen"} <= set(row)
    assert json.loads(cli("timeline", "--entity", "Nobody Known", "--db", str(ledgers["one"]),
                          "--format", "json")) == []


def test_canonical_cli_lists_events_and_profiles_outlets(ledgers):
    db = str(ledgers["one"])
    rows = json.loads(cli("canonical", "--db", db, "--format", "json", "--code", "19", "--limit", "1"))
    assert rows[0]["target"] == "Karim Haddad" and rows[0]["num_sources"] == 4
    gaza = json.loads(cli("canonical", "--db", db, "--format", "json", "--entity", "nasser"))
    assert {r["target"] for r in gaza} == {"Youssef Nasser"}
    may = json.loads(cli("canonical", "--db", db, "--format", "json", "--since", "2024-05-01", "--until",
                         "2024-05-31", "--code", "19"))
    assert sorted(r["date"] for r in may) == ["2024-05-02", "2024-05-09"]
    outlets = {r["outlet"]: r for r in json.loads(cli("outlets", "--db", db, "--format", "json"))}
    assert set(outlets) == {a["outlet"] for a in ARTICLES}
    eastern = outlets["Eastern Post"]
    assert eastern["articles"] == 3 and eastern["quad4"] >= 3 and eastern["canonical_events"] >= 3
    table = cli("outlets", "--db", db)
    assert "Eastern" in table and f"{len(outlets)} rows" in table  # as wide as the terminal allows


def test_canonical_exports_as_gdelt_rows_and_parquet(ledgers):
    folder = ledgers["folder"]
    with open_ledger(ledgers["one"]) as ledger:
        assert export(ledger, "gdelt", path=str(folder / "c.tsv"), canonical=True) == len(ledger.canonical_events())
        for table in ("canonical_events", "canonical_links"):
            export(ledger, "parquet", table=table, path=str(folder / f"{table}.parquet"))
    con = duckdb.connect()
    strike = con.execute("SELECT num_mentions, num_sources, num_articles, date_value FROM read_parquet(?) "
                         "WHERE target_name = 'Karim Haddad' AND cameo LIKE '1%'",
                         [str(folder / "canonical_events.parquet")]).fetchall()
    assert strike == [(6, 4, 4, "2020-01-03")]
    links = con.execute("SELECT count(*) FROM read_parquet(?) l JOIN read_parquet(?) e ON e.id = l.canonical_id",
                        [str(folder / "canonical_links.parquet"), str(folder / "canonical_events.parquet")])
    assert links.fetchone()[0] == sum(r[0] for r in con.execute(
        "SELECT num_mentions FROM read_parquet(?)", [str(folder / "canonical_events.parquet")]).fetchall())


def test_canonical_an_article_of_no_known_outlet_is_one_more_source(tmp_path, pipeline):
    """A pasted note with no outlet still told the event: it counts as one (unknown) source, and the outlets
    table gives it a row with its statements."""
    told = [a for a in ARTICLES if a["id"] in ("nw-200104", "ht-200103")]
    unnamed = [{k: v for k, v in a.items() if k != "outlet"} if a["id"] == "ht-200103" else a for a in told]
    db = tmp_path / "unnamed.duckdb"
    run([write(tmp_path / "unnamed.jsonl", unnamed)], db, pipeline)
    strike = event_of(db, "nw-200104", "Karim Haddad")
    assert strike["articles"] == ["ht-200103", "nw-200104"] and strike["num_sources"] == 2
    with open_ledger(db) as ledger:
        rows = {r["outlet"]: r for r in ledger.outlets().records()}
    assert set(rows) == {None, "Northern Wire"} and rows[None]["events"] > 0 and rows[None]["canonical_events"] > 0
