"""The DuckDB ledger: migrations, batched transactional writes, presence checks, whole-record round trips."""

from __future__ import annotations

import duckdb
import pytest

from newsledger.errors import StoreError
from newsledger.records import Article, ArticleAnalysis, Entity, Span
from newsledger.store.ledger import Ledger, migration_sql, open_ledger
from newsledger.store.queries import Filters


def _analysis(article_id: str, outlet: str = "Harbour Gazette", published: str = "2024-05-02") -> ArticleAnalysis:
    text = "Foreign Minister Leila Haddad met Kenyan officials in Nairobi."
    article = Article(id=article_id, text=text, outlet=outlet, published=published, title=f"Talks {article_id}")
    person = Entity(id="e1", name="Leila Haddad", type="PERSON", mentions=[Span(0, 29, text[0:29])],
                    sector="GOV", titles=["Foreign Minister"])
    place = Entity(id="e2", name="Nairobi", type="GPE", mentions=[Span(51, 58, "Nairobi")], country="KEN")
    return ArticleAnalysis(article=article, entities=[person, place])


def test_ledger_migrations_create_every_table_once(tmp_path):
    path = tmp_path / "l.duckdb"
    count = len(migration_sql())
    with Ledger(path) as ledger:
        assert ledger.schema_version == count >= 4
    with Ledger(path) as ledger:  # reopening applies nothing twice
        versions = ledger.con.execute("SELECT version FROM schema_migrations").fetchall()
        tables = {r[0] for r in ledger.con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    assert versions == [(n,) for n in range(1, count + 1)]
    assert {"articles", "entities", "mentions", "events", "quotes", "places", "times", "framing", "runs",
            "corpus_entities", "entity_links", "duplicate_groups"} <= tables


def test_ledger_write_then_present_and_round_trip(tmp_path):
    with Ledger(tmp_path / "l.duckdb") as ledger:
        assert ledger.write([_analysis("a1"), _analysis("a2")]) == 2
        assert ledger.present(["a1", "a3", "a2"]) == {"a1", "a2"}
        back = ledger.analysis("a1")
        assert back.to_dict() == _analysis("a1").to_dict()
        rows = ledger.con.execute("SELECT article_id, start, \"end\", text FROM mentions ORDER BY article_id, start"
                                  ).fetchall()
    assert rows[0] == ("a1", 0, 29, "Foreign Minister Leila Haddad")
    assert len(rows) == 4


def test_ledger_batch_is_one_transaction(tmp_path):
    """A batch that fails half-way (here: a repeated id) leaves nothing of itself behind."""
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.write([_analysis("a1")])
        with pytest.raises(StoreError, match="could not write"):
            ledger.write([_analysis("a2"), _analysis("a1")])
        counts = [ledger.con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in ("articles", "entities")]
    assert counts == [1, 2]


def test_ledger_queries_filter_and_page(tmp_path):
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.write([_analysis("a1", published="2024-05-02"), _analysis("a2", outlet="Northern Wire",
                                                                         published="2024-06-10")])
        assert [r["id"] for r in ledger.articles(Filters(outlet="northern wire")).records()] == ["a2"]
        assert [r["id"] for r in ledger.articles(Filters(since="2024-06-01")).records()] == ["a2"]
        assert [r["id"] for r in ledger.articles(Filters(until="2024-05-31")).records()] == ["a1"]
        assert [r["id"] for r in ledger.articles(Filters(country="ken", limit=1, offset=1)).records()] == ["a2"]
        people = ledger.entities(Filters(entity="haddad")).records()
        assert people == [{"name": "Leila Haddad", "type": "PERSON", "country": None, "sector": "GOV",
                           "articles": 2, "mentions": 2, "aliases": [], "id": None}]  # no corpus layer run
        assert ledger.entities(type="GPE").df()["name"].tolist() == ["Nairobi"]
        stats = ledger.stats()
    assert stats["counts"]["articles"] == 2 and stats["outlets"] == 2
    assert stats["published"] == {"first": "2024-05-02", "last": "2024-06-10"}


def test_ledger_read_only_open_of_missing_file_says_how_to_fix(tmp_path):
    with pytest.raises(StoreError, match="newsledger ingest"):
        open_ledger(tmp_path / "missing.duckdb")


def test_ledger_read_only_refuses_a_foreign_duckdb_file(tmp_path):
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE t (x INTEGER)").close()
    with pytest.raises(StoreError, match="not a newsledger ledger"):
        open_ledger(path)


def test_ledger_event_filters_use_the_event_date_and_place(tmp_path, founding):
    """The founding example (published 2023-12-31) tells of a strike in January 2020 near Baghdad airport: the
    date filters see the event's own date, a month-precise date overlaps any range inside that month, and
    --country matches where the event took place."""
    with Ledger(tmp_path / "l.duckdb") as ledger:
        ledger.write([founding])

        def codes(**kwargs) -> set[str]:
            return {r["cameo"] for r in ledger.events(Filters(**kwargs)).records()}

        assert {"186", "040"} <= codes()
        assert "186" not in codes(since="2023-01-01") and "040" in codes(since="2023-01-01")
        assert "186" in codes(since="2020-01-15", until="2020-01-20")  # inside the month the text gives
        assert "186" in codes(until="2020-12-31") and "040" not in codes(until="2020-12-31")
        assert "186" not in codes(since="2020-02-01", until="2023-12-30")
        located = ledger.events(Filters(country="IRQ")).records()
        assert any(r["cameo"] == "186" for r in located)
