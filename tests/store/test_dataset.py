"""The Parquet dataset: month partitions, the ledger's own column types, and views that the queries read."""

from __future__ import annotations

import duckdb
import pytest

from newsledger.errors import StoreError
from newsledger.records import Article, ArticleAnalysis, Entity, Span
from newsledger.store.dataset import attach, table_schemas, write_partition, write_run
from newsledger.store.ledger import Ledger, open_ledger
from newsledger.store.queries import Filters


def _analysis(article_id: str, published: str | None) -> ArticleAnalysis:
    text = "Foreign Minister Leila Haddad met Kenyan officials in Nairobi."
    article = Article(id=article_id, text=text, outlet="Harbour Gazette", published=published)
    person = Entity(id="e1", name="Leila Haddad", type="PERSON", mentions=[Span(17, 29, "Leila Haddad")],
                    titles=["Foreign Minister"])
    return ArticleAnalysis(article=article, entities=[person])


def test_dataset_partitions_rows_by_publication_month(tmp_path):
    analyses = [_analysis("a1", "2024-05-02"), _analysis("a2", "2024-05-30"), _analysis("a3", None)]
    assert write_partition(tmp_path, analyses, 1, "part-1") == 3
    months = sorted(p.name for p in (tmp_path / "articles").iterdir())
    assert months == ["month=2024-05", "month=undated"]
    assert sorted(p.name for p in (tmp_path / "mentions").iterdir()) == months
    ids = duckdb.sql(f"SELECT id FROM read_parquet('{tmp_path}/articles/month=2024-05/*.parquet') ORDER BY id")
    assert [r[0] for r in ids.fetchall()] == ["a1", "a2"]


def test_dataset_files_have_the_ledger_tables_columns_and_types(tmp_path):
    write_partition(tmp_path, [_analysis("a1", "2024-05-02")], 1, "part-1")
    with Ledger(tmp_path / "l.duckdb") as ledger:
        for table in ("articles", "entities", "mentions"):
            expected = ledger.con.cursor().sql(f"SELECT * FROM {table} LIMIT 0").to_arrow_table().schema
            found = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path}/{table}/*/*.parquet', "
                               "hive_partitioning = false)").to_arrow_table()
            assert found.schema == expected == table_schemas()[table]


def test_dataset_attach_lets_the_queries_read_it(tmp_path):
    dataset = tmp_path / "dataset"
    write_partition(dataset, [_analysis("a1", "2024-05-02"), _analysis("a2", None)], 1, "part-1")
    write_run(dataset, {"id": 1, "command": "ingest --engine dask", "inputs": ["x.jsonl"], "new_count": 2})
    with Ledger(tmp_path / "l.duckdb") as ledger:
        counts = attach(ledger, dataset)
    assert counts["articles"] == 2 and counts["entities"] == 2 and counts["events"] == 0 and counts["runs"] == 1
    with open_ledger(tmp_path / "l.duckdb") as ledger:
        assert ledger.attached == str(dataset.resolve())
        assert [r["id"] for r in ledger.articles(Filters(since="2024-01-01")).records()] == ["a1"]
        assert ledger.entities(type="PERSON").records()[0]["articles"] == 2
        assert ledger.analysis("a2").article.published is None
    write_partition(dataset, [_analysis("a3", "2025-01-09")], 2, "part-2")  # later files are seen at once
    with open_ledger(tmp_path / "l.duckdb") as ledger:
        assert len(ledger.articles()) == 3


def test_dataset_attached_ledger_refuses_local_writes_and_attach_refuses_a_full_ledger(tmp_path):
    dataset = tmp_path / "dataset"
    write_partition(dataset, [_analysis("a1", "2024-05-02")], 1, "part-1")
    with Ledger(tmp_path / "attached.duckdb") as ledger:
        attach(ledger, dataset)
    with Ledger(tmp_path / "attached.duckdb") as ledger, pytest.raises(StoreError, match="--engine dask"):
        ledger.write([_analysis("b1", "2024-05-02")])
    with Ledger(tmp_path / "full.duckdb") as ledger:
        ledger.write([_analysis("b1", "2024-05-02")])
        with pytest.raises(StoreError, match="another --db"):
            attach(ledger, dataset)
