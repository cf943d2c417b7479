"""The Dask engine on a real 2-worker LocalCluster (processes, small memory limit) gives the same ledger as the
local engine, record for record, once `newsledger attach` has put its Parquet dataset behind the query commands."""

from __future__ import annotations

import json
import subprocess
import sys

import duckdb
import pytest

from conftest import ROOT
from newsledger.ingest import ReadOptions, RejectsFile, expand_paths
from newsledger.scale import ingest_dask
from newsledger.store.ledger import open_ledger
from scale_corpus import TABLES, make_corpus, rows

pytestmark = pytest.mark.slow


def newsledger(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsledger.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=900)


@pytest.fixture(scope="module")
def engines(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("dask")
    corpus = make_corpus(folder)
    local = folder / "local.duckdb"
    result = newsledger("ingest", str(corpus), "--db", str(local), "--rejects", str(folder / "local.rejects.jsonl"),
                        "--quiet")
    assert result.returncode == 0, result.stderr
    dataset = folder / "dataset"
    with RejectsFile(dataset / "rejects.jsonl") as rejects:
        report = ingest_dask(expand_paths([str(corpus)]), dataset, workers=2, memory_limit="1.5GiB",
                             options=ReadOptions(), rejects=rejects, partition_size=4)
    attached = folder / "attached.duckdb"
    attach = newsledger("attach", str(dataset), "--db", str(attached))
    assert attach.returncode == 0, attach.stderr
    return {"corpus": corpus, "local": local, "local_summary": result.stdout, "dataset": dataset,
            "report": report, "attached": attached, "folder": folder}


def test_dask_counts_equal_the_local_engine(engines):
    assert engines["local_summary"].startswith(engines["report"].summary().split(" (see")[0])
    assert engines["report"].summary().startswith("22 read, 21 new, 1 already present, 2 rejected")


def test_dask_contract_records_equal_the_local_engine(engines):
    with open_ledger(engines["local"]) as local, open_ledger(engines["attached"]) as attached:
        assert attached.attached == str(engines["dataset"].resolve())
        local_records, dask_records = list(local.records()), list(attached.records())
    assert len(dask_records) == 21
    assert dask_records == local_records


def test_dask_tables_equal_the_local_engine(engines):
    with duckdb.connect(str(engines["local"]), read_only=True) as con:
        local = {table: rows(con, table, ("run_id",) if table == "articles" else ()) for table in TABLES}
    with open_ledger(engines["attached"]) as ledger:
        dask = {table: rows(ledger.con, table, ("run_id",) if table == "articles" else ()) for table in TABLES}
    assert local["events"] and local["entities"]
    for table in TABLES:
        assert dask[table] == local[table], table


def test_dask_rejects_equal_the_local_engine(engines):
    local = (engines["folder"] / "local.rejects.jsonl").read_text(encoding="utf-8").splitlines()
    dask = (engines["dataset"] / "rejects.jsonl").read_text(encoding="utf-8").splitlines()
    assert sorted(dask) == sorted(local) and len(dask) == 2


def test_dask_dataset_is_partitioned_by_month_with_undated_apart(engines):
    months = {p.name for p in (engines["dataset"] / "articles").iterdir()}
    assert {"month=2024-01", "month=2024-03", "month=undated"} <= months
    undated = duckdb.sql(f"SELECT id FROM read_parquet('{engines['dataset']}/articles/month=undated/*.parquet')")
    assert [r[0] for r in undated.fetchall()] == ["gen-005"]


def test_dask_query_commands_read_the_attached_dataset(engines):
    args = ["events", "--format", "json", "--country", "KEN"]
    local = json.loads(newsledger(*args, "--db", str(engines["local"])).stdout)
    dask = json.loads(newsledger(*args, "--db", str(engines["attached"])).stdout)
    assert local and dask == local
    stats = json.loads(newsledger("stats", "--db", str(engines["attached"]), "--format", "json").stdout)
    assert stats["counts"]["articles"] == 21 and stats["runs"] == 1


def test_dask_second_run_into_the_same_dataset_stores_nothing_new(engines):
    with RejectsFile(engines["folder"] / "again.rejects.jsonl") as rejects:
        again = ingest_dask(expand_paths([str(engines["corpus"])]), engines["dataset"], workers=2,
                            memory_limit="1.5GiB", rejects=rejects)
    assert again.summary().startswith("22 read, 0 new, 22 already present, 2 rejected")
    with open_ledger(engines["attached"]) as ledger:
        assert ledger.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 21
        assert ledger.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
