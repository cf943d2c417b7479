"""A small mixed corpus for the crash and Dask tests: demo files in three formats plus generated JSON Lines
records (several months, one undated, a repeated article, two bad lines), and a way to run the CLI on it in a
forked process that starts with the pipeline loaded."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

from conftest import DEMO

PLACES = [("Nairobi", "Kenyan", "William Ruto"), ("Ankara", "Turkish", "Leila Haddad"),
          ("Vienna", "Austrian", "Ingrid Solberg"), ("Suva", "Fijian", "Sitiveni Rabuka"),
          ("Brussels", "Belgian", "Ursula von der Leyen"), ("Amman", "Jordanian", "Ayman Safadi")]
TABLES = ("articles", "entities", "mentions", "events", "quotes", "places", "times", "framing")


def generated_records() -> list[str]:
    lines = []
    for n in range(14):
        city, demonym, person = PLACES[n % len(PLACES)]
        date = None if n == 5 else f"2024-{1 + n % 9:02d}-{10 + n:02d}"
        text = (f"{demonym} officials met {person} in {city} on Monday to discuss trade and aid, the ministry "
                f"said. \"We will not accept new tariffs,\" {person} told reporters after meeting number {n}. "
                f"Police arrested {n + 2} protesters outside the parliament in {city}.")
        lines.append(json.dumps({"id": f"gen-{n:03d}", "outlet": "Northern Wire", "date": date,
                                 "title": f"Talks {n}", "text": text}))
    lines.insert(4, "{not json")
    lines.insert(9, json.dumps({"id": "gen-empty", "outlet": "Northern Wire", "text": ""}))
    lines.append(lines[2])  # the same article again
    return lines


def make_corpus(folder: Path) -> Path:
    corpus = folder / "corpus"
    corpus.mkdir()
    for name in ("wire.txt", "desk.csv", "archive.jsonl.gz"):
        shutil.copy(DEMO / name, corpus / name)
    (corpus / "generated.jsonl").write_text("\n".join(generated_records()) + "\n", encoding="utf-8")
    return corpus


def rows(con: duckdb.DuckDBPyConnection, table: str, drop: tuple[str, ...] = ()) -> list[tuple]:
    """A table's rows, without the named columns, in a stable order."""
    exclude = f" EXCLUDE ({', '.join(drop)})" if drop else ""
    found = con.execute(f"SELECT *{exclude} FROM {table}").fetchall()
    return sorted(found, key=repr)


class CliRun:
    """``newsledger ARGS`` run by the CLI's own ``main()`` in a process forked from this one, which saves starting
    Python and importing newsledger (``ingest`` loads the model in worker processes of its own, as for a user). Its
    stdout and stderr go to files; ``env`` is added to its environment.

    Fork only while this process runs no other threads (before any Dask cluster is started in it)."""

    def __init__(self, folder: Path, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        self.out, self.err = folder / f"{name}.out", folder / f"{name}.err"
        self.process = _FORK.Process(target=_cli_main, args=(list(args), self.out, self.err, env or {}))
        self.process.start()
        self.pid = self.process.pid

    def wait(self, timeout: float = 600) -> tuple[int | None, str, str]:
        """The exit code (negative: killed by that signal), stdout and stderr."""
        self.process.join(timeout)
        return self.process.exitcode, self.out.read_text(encoding="utf-8"), self.err.read_text(encoding="utf-8")

    def wait_for(self, text: str, timeout: float = 600) -> bool:
        """Whether ``text`` shows on stderr before the process ends (or ``timeout`` seconds pass)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.err.exists() and text in self.err.read_text(encoding="utf-8"):
                return True
            if not self.process.is_alive():
                return text in self.err.read_text(encoding="utf-8")
            time.sleep(0.05)
        return False


_FORK = multiprocessing.get_context("fork")


def _cli_main(args: list[str], out: Path, err: Path, env: dict[str, str]) -> None:
    os.environ.update(env)
    sys.stdin = open(os.devnull, encoding="utf-8")
    for fd, path in ((1, out), (2, err)):
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(handle, fd)
        os.close(handle)
    sys.stdout = open(1, "w", encoding="utf-8", buffering=1, closefd=False)
    sys.stderr = open(2, "w", encoding="utf-8", buffering=1, closefd=False)
    from newsledger.cli import main

    try:
        main(args, prog_name="newsledger")
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
