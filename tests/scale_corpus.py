"""A small mixed corpus for the crash and Dask tests: demo files in three formats plus generated JSON Lines
records (several months, one undated, a repeated article, two bad lines)."""

from __future__ import annotations

import json
import shutil
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
