"""The Dask engine on a real 2-worker LocalCluster (processes, no dashboard) gives the same ledger as the local
engine, record for record, once `newsledger attach` has put its Parquet dataset behind the query commands; a second
run on an existing cluster (`dask scheduler` and `dask worker` processes, `--scheduler ADDRESS`) adds nothing.

The Dask run is a CLI process of its own, started first; meanwhile the local run is forked from this process (see
:class:`scale_corpus.CliRun`) and analyses in a worker process of its own, as a user's run does. No Dask cluster
ever runs inside the test process."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from conftest import ROOT
from newsledger.store.ledger import open_ledger
from scale_corpus import TABLES, CliRun, make_corpus, rows

pytestmark = pytest.mark.slow

SUMMARY = "22 read, 21 new, 1 already present, 2 rejected"


def newsledger(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsledger.cli", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT)


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=600)
    return process.returncode, out, err


@pytest.fixture(scope="module")
def engines(tmp_path_factory) -> dict:
    folder = tmp_path_factory.mktemp("dask")
    corpus = make_corpus(folder)
    dataset = folder / "dataset"
    dask = newsledger("ingest", str(corpus), "--engine", "dask", "--workers", "2", "--dataset", str(dataset),
                      "--batch-size", "4", "--quiet")
    local = folder / "local.duckdb"
    local_run = CliRun(folder, "local", "ingest", str(corpus), "--db", str(local), "--rejects",
                       str(folder / "local.rejects.jsonl"), "--quiet")
    local_code, local_out, local_err = local_run.wait()
    assert local_code == 0, local_err
    dask_code, dask_out, dask_err = finish(dask)
    assert dask_code == 0, dask_err
    attached = folder / "attached.duckdb"
    code, _, err = CliRun(folder, "attach", "attach", str(dataset), "--db", str(attached)).wait()
    assert code == 0, err
    return {"corpus": corpus, "local": local, "local_summary": local_out, "dask_summary": dask_out,
            "dataset": dataset, "attached": attached, "folder": folder}


def query(folder: Path, db: Path, *args: str):
    code, out, err = CliRun(folder, f"query-{db.stem}-{args[0]}", *args, "--db", str(db), "--format", "json").wait()
    assert code == 0, err
    return json.loads(out)


def test_dask_counts_equal_the_local_engine(engines):
    assert engines["local_summary"].startswith(SUMMARY)
    assert engines["dask_summary"].startswith(SUMMARY)
    assert f"newsledger attach {engines['dataset']}" in engines["dask_summary"]


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
    folder = engines["folder"]
    for args in (["events", "--country", "KEN"], ["articles"], ["entities", "--limit", "50"]):
        local = query(folder, engines["local"], *args)
        assert local and query(folder, engines["attached"], *args) == local, args
    stats = query(folder, engines["attached"], "stats")
    assert stats["counts"]["articles"] == 21 and stats["runs"] == 1


@pytest.fixture
def existing_cluster(tmp_path):
    """A scheduler and two single-thread workers, started as a user starts them on a cluster's machines."""
    address_file = tmp_path / "scheduler.json"
    scheduler = subprocess.Popen(["dask", "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                                  "--scheduler-file", str(address_file)], stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL, cwd=tmp_path, executable=_dask())
    workers = None
    try:
        deadline = time.monotonic() + 120
        while not address_file.exists() or not address_file.read_text(encoding="utf-8").strip():
            assert time.monotonic() < deadline and scheduler.poll() is None, "the scheduler did not start"
            time.sleep(0.1)
        address = json.loads(address_file.read_text(encoding="utf-8"))["address"]
        workers = subprocess.Popen(["dask", "worker", address, "--nworkers", "2", "--nthreads", "1",
                                    "--no-dashboard", "--memory-limit", "1.5GiB"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, cwd=tmp_path, executable=_dask())
        yield address
    finally:
        for process in (workers, scheduler):
            if process is not None:
                process.terminate()
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _dask() -> str:
    return str(Path(sys.executable).with_name("dask"))


def test_dask_second_run_on_an_existing_cluster_stores_nothing_new(engines, existing_cluster):
    code, out, err = finish(newsledger("ingest", str(engines["corpus"]), "--engine", "dask", "--scheduler",
                                       existing_cluster, "--dataset", str(engines["dataset"]), "--rejects",
                                       str(engines["folder"] / "again.rejects.jsonl"), "--quiet"))
    assert code == 0, err
    assert out.startswith("22 read, 0 new, 22 already present, 2 rejected")
    with open_ledger(engines["attached"]) as ledger:
        assert ledger.con.execute("SELECT count(*) FROM articles").fetchone()[0] == 21
        assert ledger.con.execute("SELECT count(*) FROM runs").fetchone()[0] == 2
