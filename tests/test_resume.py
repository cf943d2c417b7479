"""Crash safety end to end: the CLI is killed with SIGKILL mid-run, then run again, and the ledger must equal that
of a run that was never interrupted, table for table (run ids and timestamps aside). Each run is the CLI's main()
in its own process, forked from the test process, and like a user's run it analyses in a worker process and
catches up the corpus layer in another (`newsledger.run.ingest`, ``apart``)."""

from __future__ import annotations

import json
import signal
from pathlib import Path

import duckdb
import psutil
import pytest

from scale_corpus import TABLES, CliRun, make_corpus, rows

pytestmark = pytest.mark.slow

BATCH = "2"


def start(corpus: Path, db: Path, name: str, *extra: str, pause: str | None = None) -> CliRun:
    args = ["ingest", str(corpus), "--db", str(db), "--rejects", str(db.with_suffix(".rejects.jsonl")),
            "--batch-size", BATCH, "--quiet", *extra]
    return CliRun(db.parent, name, *args, env={"NEWSLEDGER_TEST_PAUSE": pause} if pause else None)


def finish(run: CliRun) -> tuple[int | None, str, str]:
    return run.wait(timeout=600)


def kill_when_paused(run: CliRun) -> list[list[str]]:
    """Wait until the test hook pauses the run, then kill it with SIGKILL; the command lines of the processes it
    had started (parse workers, a corpus catch-up) still running ten seconds later."""
    if not run.wait_for("paused"):
        pytest.fail(f"the run ended without pausing: {run.wait(timeout=60)}")
    children = psutil.Process(run.pid).children(recursive=True)
    run.process.kill()
    code, _, _ = run.wait(timeout=60)
    assert code == -signal.SIGKILL
    _, alive = psutil.wait_procs(children, timeout=10)
    return [process.cmdline() for process in alive]


def snapshot(db: Path) -> dict[str, list]:
    """Every table of the ledger, without run ids, timestamps and the paths that name the ledger's folder."""
    with duckdb.connect(str(db), read_only=True) as con:
        found = {table: rows(con, table, ("run_id",) if table == "articles" else ()) for table in TABLES}
        found["runs"] = rows(con, "runs", ("id", "started_at", "finished_at", "rejects_path"))
        found["progress"] = rows(con, "progress", ("run_id",))
        found["schema_migrations"] = rows(con, "schema_migrations", ("applied_at",))
    found["rejects"] = db.with_suffix(".rejects.jsonl").read_text(encoding="utf-8").splitlines()
    return found


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return make_corpus(tmp_path_factory.mktemp("resume"))


#: where each crash test pauses (after its Nth commit, or inside the Nth write before it commits) and how it
#: runs again: with --resume, or the plain command
CRASHES = {"commit:2": "--resume", "write:5": "--resume", "commit:3": None, "corpus:duplicates": "--resume"}


@pytest.fixture(scope="module")
def crashes(corpus, tmp_path_factory) -> dict[str, dict]:
    """The reference run and every crash scenario, run side by side."""
    folder = tmp_path_factory.mktemp("crashes")
    reference = start(corpus, folder / "reference.duckdb", "reference")
    dbs = {pause: folder / f"{pause.replace(':', '-')}.duckdb" for pause in CRASHES}
    killed = {pause: start(corpus, db, db.stem, pause=pause) for pause, db in dbs.items()}
    outcomes: dict[str, dict] = {}
    for pause, run in killed.items():
        orphans = kill_when_paused(run)
        outcomes[pause] = {"db": dbs[pause], "orphans": orphans, "after_kill": _state(dbs[pause])}
    again = {pause: start(corpus, dbs[pause], f"{dbs[pause].stem}-again", *([flag] if flag else []))
             for pause, flag in CRASHES.items()}
    outcomes["reference"] = {"db": folder / "reference.duckdb", "result": finish(reference)}
    for pause, run in again.items():
        outcomes[pause]["result"] = finish(run)
    for outcome in outcomes.values():
        outcome["snapshot"] = snapshot(outcome["db"])
    return outcomes


def _state(db: Path) -> dict:
    with duckdb.connect(str(db), read_only=True) as con:
        return {"stored": con.execute("SELECT count(*) FROM articles").fetchone()[0],
                "corpus": dict(con.execute("SELECT step, count(*) FROM corpus_processed GROUP BY step").fetchall()),
                "run": con.execute("SELECT new_count, finished_at FROM runs").fetchone(),
                "records": [json.loads(r[0]) for r in con.execute("SELECT analysis FROM articles").fetchall()],
                "mentions": con.execute("SELECT count(*) FROM mentions").fetchone()[0],
                "events": con.execute("SELECT count(*) FROM events").fetchone()[0]}


SUMMARY = "22 read, 21 new, 1 already present, 2 rejected"


def test_resume_reference_run_records_its_progress(crashes):
    code, out, err = crashes["reference"]["result"]
    assert code == 0, err
    assert out.startswith(SUMMARY), out
    reference = crashes["reference"]["snapshot"]
    (run,) = reference["runs"]
    assert run[:1] == ("ingest",) and run[2:6] == (22, 21, 1, 2)
    progress = {Path(row[0]).name: row for row in reference["progress"]}
    assert set(progress) == {"archive.jsonl.gz", "desk.csv", "generated.jsonl", "wire.txt"}
    assert all(row[-1] for row in progress.values())  # every input done
    generated = progress["generated.jsonl"]
    assert generated[1:4] == (17, 17, Path(generated[0]).stat().st_size)  # records, last line, offset = its end
    assert len(reference["rejects"]) == 2


@pytest.mark.parametrize("pause", [p for p, flag in CRASHES.items() if flag and not p.startswith("corpus:")])
def test_resume_after_sigkill_equals_an_uninterrupted_run(crashes, pause):
    assert crashes[pause]["orphans"] == []  # its parse worker died with it
    state = crashes[pause]["after_kill"]
    new, finished = state["run"]
    assert 0 < state["stored"] < 21 and finished is None
    assert new == state["stored"]  # the run record says what its committed batches hold
    records = state["records"]  # and no article is half there
    assert state["mentions"] == sum(len(e["mentions"]) for r in records for e in r["entities"])
    assert state["events"] == sum(len(r["events"]) for r in records)
    code, out, err = crashes[pause]["result"]
    assert code == 0, err
    assert out.startswith(SUMMARY), out
    assert crashes[pause]["snapshot"] == crashes["reference"]["snapshot"]


def test_resume_plain_rerun_after_sigkill_stores_the_same_and_keeps_the_interrupted_run(crashes):
    code, _, err = crashes["commit:3"]["result"]
    assert code == 0, err
    found, reference = crashes["commit:3"]["snapshot"], crashes["reference"]["snapshot"]
    for table in (*TABLES, "schema_migrations", "rejects"):
        assert found[table] == reference[table], table
    with duckdb.connect(str(crashes["commit:3"]["db"]), read_only=True) as con:
        runs = con.execute("SELECT new_count, present_count, finished_at IS NULL FROM runs ORDER BY id").fetchall()
    (first_new, _, interrupted), (second_new, second_present, _) = runs
    assert interrupted and first_new == crashes["commit:3"]["after_kill"]["stored"] > 0
    assert first_new + second_new == 21 and second_present == first_new + 1


def test_resume_a_run_killed_while_its_corpus_layer_catches_up_in_another_process(crashes):
    """The catch-up runs in a process of its own (``python -m newsledger.corpus``): killing the run kills it too,
    its step never commits, and the run resumed brings the corpus layer up to date, as an uninterrupted run did."""
    outcome = crashes["corpus:duplicates"]
    assert outcome["orphans"] == []  # the catch-up died with the run
    state = outcome["after_kill"]
    assert state["stored"] == 21 and state["run"][1] is None  # every article stored, the run not finished
    assert state["corpus"] == {"entities": 21}  # the entity step had committed, the duplicates step had not
    code, out, err = outcome["result"]
    assert code == 0, err
    assert out.startswith(SUMMARY), out
    assert outcome["snapshot"] == crashes["reference"]["snapshot"]
