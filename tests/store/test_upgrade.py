"""A ledger written by an older newsledger: read-only commands say how to upgrade it, and `newsledger upgrade`
brings it up to date (new tables, and the corpus layer over the articles it already holds)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest

from newsledger.store.ledger import migration_sql
from tests.test_cli import newsledger

FOUNDING = Path(__file__).resolve().parents[3] / "shared" / "examples" / "islam-times-2023-12-31.txt"


def _downgrade_to(path: Path, version: int) -> None:
    """Undo the migrations after ``version``, as if an older newsledger had written the file."""
    newer = "\n".join(migration_sql()[version:])
    con = duckdb.connect(str(path))
    for table in re.findall(r"CREATE TABLE (\w+)", newer):
        con.execute(f"DROP TABLE {table}")
    con.execute("DELETE FROM schema_migrations WHERE version > ?", [version])
    con.close()


def test_upgrade_an_older_ledger(tmp_path):
    if not FOUNDING.exists():
        pytest.skip(f"{FOUNDING} is absent (../shared not mounted)")
    db = tmp_path / "old.duckdb"
    assert newsledger("ingest", str(FOUNDING), "--db", str(db), "--quiet").returncode == 0
    _downgrade_to(db, 3)

    refused = newsledger("canonical", "--db", str(db))
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "older newsledger" in refused.stderr
    assert f"newsledger upgrade --db {db}" in refused.stderr

    upgraded = newsledger("upgrade", "--db", str(db))
    assert upgraded.returncode == 0, upgraded.stderr
    events = json.loads(newsledger("canonical", "--db", str(db), "--format", "json").stdout)
    assert any(e["root"] in ("18", "19") for e in events)
    assert newsledger("upgrade", "--db", str(db)).returncode == 0  # again: nothing to do, no error
