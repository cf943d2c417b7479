"""Corpus entities: the in-document entities of new articles linked into the ledger's registry of people,
organisations and places (``corpus_entities``, ``entity_links``).

Incremental: the new entities' blocking keys are stored (``entity_keys``), and only the blocks they touch —
the entities sharing a key with them, transitively — are linked again, whole (:func:`.linking.link`). Every
other corpus entity stays as it was. Because a block's result depends only on its members, the registry is the
same whatever order the articles came in, and re-ingesting articles already stored changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

import pyarrow as pa

from .linking import CorpusEntity, Member, block_keys, link
from .names import NameRules, fold
from .progress import NEW_TABLE, mark_done, pending, transaction

if TYPE_CHECKING:
    from ..store.ledger import Ledger

STEP = "entities"
CONTEXT_TYPES = ("PERSON", "ORG")  # the names around a short name that tell which of several it stands for
#: The attributes whose agreement makes rows of ``entities`` one :class:`~.linking.Member`.
MEMBER_COLUMNS = "e.name, e.type, e.country, e.sector, e.titles, e.aliases"
#: A member's key, its smallest (article_id, entity_id): read with the members, and again to link their rows.
MEMBER_KEY = "min(struct_pack(a := e.article_id, b := e.entity_id))"
FETCH = 10_000  # rows turned into Python objects at a time


def update(ledger: Ledger) -> None:
    """Link the entities of every article this step has not seen yet."""
    if not pending(ledger, STEP):
        return
    rules = NameRules.load()
    with transaction(ledger, STEP):
        _store_keys(ledger, rules)
        _close_block(ledger)
        members = _members(ledger)
        entities = link(members, rules, context=lambda ids: _context(ledger, ids))
        _replace(ledger, entities)
        mark_done(ledger, STEP)


def _store_keys(ledger: Ledger, rules: NameRules) -> None:
    """The new entities' blocking keys, a slice at a time: a catch-up's new rows (up to half the ledger) are read
    as one Arrow table and never held as Python objects all at once."""
    table = ledger.con.sql(f"SELECT article_id, entity_id, name, type, aliases FROM entities "
                           f"WHERE article_id IN (SELECT id FROM {NEW_TABLE})").to_arrow_table()
    for batch in table.to_batches(FETCH):
        columns: dict[str, list[str]] = {"article_id": [], "entity_id": [], "key": []}
        for article_id, entity_id, name, type_, aliases in zip(*(c.to_pylist() for c in batch.columns),
                                                               strict=True):
            for key in sorted(block_keys(rules, name, type_, aliases or ())):
                columns["article_id"].append(article_id)
                columns["entity_id"].append(entity_id)
                columns["key"].append(key)
        _insert(ledger, "entity_keys", columns)


def _close_block(ledger: Ledger) -> None:
    """``_corpus_block``: the new entities and every entity sharing a key with them, transitively."""
    con = ledger.con
    con.execute("CREATE OR REPLACE TEMP TABLE _corpus_keys AS SELECT DISTINCT key FROM entity_keys "
                f"WHERE article_id IN (SELECT id FROM {NEW_TABLE})")
    while True:
        added = con.execute(
            "INSERT INTO _corpus_keys SELECT DISTINCT k2.key FROM entity_keys k1 "
            "JOIN _corpus_keys USING (key) "
            "JOIN entity_keys k2 ON k2.article_id = k1.article_id AND k2.entity_id = k1.entity_id "
            "WHERE k2.key NOT IN (SELECT key FROM _corpus_keys)").fetchone()[0]
        if not added:
            break
    con.execute("CREATE OR REPLACE TEMP TABLE _corpus_block AS SELECT DISTINCT article_id, entity_id "
                "FROM entity_keys JOIN _corpus_keys USING (key)")


def _members(ledger: Ledger) -> list[Member]:
    """The block's entities, rows that agree in every attribute the linker reads taken together."""
    result = ledger.con.execute(
        f"SELECT {MEMBER_COLUMNS}, {MEMBER_KEY}, count(*), "
        "list(DISTINCT e.article_id ORDER BY e.article_id), sum(e.mention_count) "
        f"FROM entities e JOIN _corpus_block b USING (article_id, entity_id) GROUP BY {MEMBER_COLUMNS}")
    articles: dict[str, str] = {}  # one string per article id, however many members name it
    members = []
    while rows := result.fetchmany(FETCH):
        members += [Member(name, type_, country, sector, tuple(titles or ()), tuple(aliases or ()),
                           (first["a"], first["b"]), count, frozenset(articles.setdefault(a, a) for a in ids),
                           int(mentions or 0))
                    for name, type_, country, sector, titles, aliases, first, count, ids, mentions in rows]
    return members


def _context(ledger: Ledger, article_ids: set[str]) -> dict[str, frozenset[str]]:
    """Per article, the full names of the people and organisations it names."""
    rows = ledger.con.execute("SELECT article_id, name FROM entities WHERE type IN (SELECT unnest(?::VARCHAR[])) "
                              "AND article_id IN (SELECT unnest(?::VARCHAR[]))",
                              [list(CONTEXT_TYPES), sorted(article_ids)]).fetchall()
    names: dict[str, set[str]] = defaultdict(set)
    for article_id, name in rows:
        if len(name.split()) > 1:
            names[article_id].add(fold(name))
    return {article_id: frozenset(found) for article_id, found in names.items()}


def _replace(ledger: Ledger, entities: list[CorpusEntity]) -> None:
    """The block's corpus entities replace those it had; of its links, only those that changed are rewritten."""
    con = ledger.con
    con.execute("DELETE FROM corpus_entities WHERE corpus_id IN (SELECT l.corpus_id FROM entity_links l "
                "JOIN _corpus_block b USING (article_id, entity_id))")
    _insert(ledger, "corpus_entities", {
        "corpus_id": [e.id for e in entities], "name": [e.name for e in entities],
        "type": [e.type for e in entities], "country": [e.country for e in entities],
        "sector": [e.sector for e in entities], "aliases": [e.aliases for e in entities],
        "titles": [e.titles for e in entities], "article_count": [e.article_count for e in entities],
        "mention_count": [e.mention_count for e in entities]})
    # Each row of the block is linked through its member's smallest key. The keys come from Arrow and the links
    # are made by one CREATE ... AS SELECT with their rows, never by filling a table created empty: in DuckDB
    # 2.0.0 a table created empty inside this transaction and then filled with 122,880 rows or more reads back as
    # empty (tests/corpus/test_entities_scale.py), which once left a 10,000-article ledger without a single link.
    member_keys = [(member.key, entity.id) for entity in entities for member in entity.members]
    con.register("_corpus_member_ids", pa.table({
        "a": pa.array([key[0] for key, _ in member_keys], pa.string()),
        "b": pa.array([key[1] for key, _ in member_keys], pa.string()),
        "corpus_id": pa.array([corpus_id for _, corpus_id in member_keys], pa.string())}))
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE _corpus_links AS "
            f"WITH block_rows AS (SELECT e.article_id, e.entity_id, {MEMBER_KEY} OVER (PARTITION BY {MEMBER_COLUMNS}) "
            "AS k "
            "FROM entities e JOIN _corpus_block USING (article_id, entity_id)) "
            "SELECT r.article_id, r.entity_id, m.corpus_id FROM block_rows r "
            "JOIN _corpus_member_ids m ON m.a = r.k.a AND m.b = r.k.b")
    finally:
        con.unregister("_corpus_member_ids")
    con.execute("DELETE FROM entity_links l WHERE EXISTS (SELECT 1 FROM _corpus_links n WHERE "
                "n.article_id = l.article_id AND n.entity_id = l.entity_id AND n.corpus_id <> l.corpus_id)")
    con.execute("INSERT INTO entity_links SELECT n.article_id, n.entity_id, n.corpus_id FROM _corpus_links n "
                "WHERE NOT EXISTS (SELECT 1 FROM entity_links l "
                "WHERE l.article_id = n.article_id AND l.entity_id = n.entity_id)")
    con.execute("DROP TABLE _corpus_links")


def _insert(ledger: Ledger, table: str, columns: dict[str, list]) -> None:
    if not next(iter(columns.values())):
        return
    lists = pa.list_(pa.string())
    arrays = {name: pa.array(values, type=lists) if name in ("aliases", "titles") else pa.array(values)
              for name, values in columns.items()}
    ledger.con.register("_corpus_rows", pa.table(arrays))
    names = ", ".join(columns)
    ledger.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _corpus_rows")
    ledger.con.unregister("_corpus_rows")
