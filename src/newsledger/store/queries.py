"""Read-side queries over the ledger, shared by the CLI, the Python API and the HTTP API. All SQL is parameterised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa


@dataclass(slots=True)
class Filters:
    """The filters every query command takes. Dates are YYYY-MM-DD strings, inclusive."""

    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    entity: str | None = None
    country: str | None = None
    limit: int | None = None
    offset: int = 0


@dataclass(slots=True)
class QueryResult:
    columns: list[str]
    rows: list[tuple]
    _arrow: pa.Table | None = field(default=None, repr=False)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row)) for row in self.rows]

    def arrow(self) -> pa.Table:
        if self._arrow is None:
            self._arrow = pa.Table.from_pylist(self.records()) if self.rows else pa.table(
                {c: [] for c in self.columns})
        return self._arrow

    def df(self):
        return self.arrow().to_pandas()

    def __len__(self) -> int:
        return len(self.rows)


class _Where:
    def __init__(self) -> None:
        self.clauses: list[str] = []
        self.params: list[Any] = []

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    def sql(self) -> str:
        return (" WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def _article_filters(where: _Where, f: Filters, alias: str = "a") -> None:
    if f.outlet:
        where.add(f"lower({alias}.outlet) = lower(?)", f.outlet)
    if f.since:
        where.add(f"{alias}.published >= CAST(? AS DATE)", f.since)
    if f.until:
        where.add(f"{alias}.published <= CAST(? AS DATE)", f.until)


def _page(f: Filters) -> str:
    sql = ""
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    if f.offset:
        sql += f" OFFSET {int(f.offset)}"
    return sql


class Queries:
    con: duckdb.DuckDBPyConnection

    def _run(self, sql: str, params: list[Any]) -> QueryResult:
        cursor = self.con.execute(sql, params)
        columns = [d[0] for d in cursor.description]
        return QueryResult(columns, cursor.fetchall())

    def articles(self, f: Filters | None = None, *, q: str | None = None) -> QueryResult:
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if q:
            where.add("(a.title ILIKE ? OR a.text ILIKE ?)", f"%{q}%", f"%{q}%")
        if f.entity:
            where.add("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND "
                      "(e.name ILIKE ? OR list_contains(e.aliases, ?)))", f"%{f.entity}%", f.entity)
        if f.country:
            where.add("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.country = upper(?))",
                      f.country)
        sql = ("SELECT a.id, a.published, a.outlet, a.title, a.words, "
               "(SELECT count(*) FROM entities e WHERE e.article_id = a.id) AS entities, "
               "(SELECT count(*) FROM events v WHERE v.article_id = a.id) AS events, "
               "(SELECT count(*) FROM quotes q WHERE q.article_id = a.id) AS quotes "
               f"FROM articles a{where.sql()} ORDER BY a.published NULLS LAST, a.id{_page(f)}")
        return self._run(sql, where.params)

    def entities(self, f: Filters | None = None, *, type: str | None = None) -> QueryResult:
        """Entities aggregated over articles by name and type: the country and sector most often given."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if f.entity:
            where.add("(e.name ILIKE ? OR list_contains(e.aliases, ?))", f"%{f.entity}%", f.entity)
        if f.country:
            where.add("e.country = upper(?)", f.country)
        if type:
            where.add("e.type = upper(?)", type)
        sql = ("SELECT e.name, e.type, mode(e.country) AS country, mode(e.sector) AS sector, "
               "count(DISTINCT e.article_id) AS articles, sum(e.mention_count) AS mentions "
               f"FROM entities e JOIN articles a ON a.id = e.article_id{where.sql()} "
               f"GROUP BY e.name, e.type ORDER BY articles DESC, mentions DESC, e.name{_page(f)}")
        return self._run(sql, where.params)

    def events(self, f: Filters | None = None, **extra: Any) -> QueryResult:
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if f.entity:
            where.add("(v.source_name ILIKE ? OR v.target_name ILIKE ?)", f"%{f.entity}%", f"%{f.entity}%")
        if f.country:
            where.add("(v.source_country = upper(?) OR v.target_country = upper(?))", f.country, f.country)
        sql = ("SELECT v.article_id, v.event_id, a.published, v.date_value AS date, v.cameo, v.label, "
               "v.source_name AS source, v.source_country, v.target_name AS target, v.target_country, "
               "v.modality, v.trigger_text AS trigger, a.outlet "
               f"FROM events v JOIN articles a ON a.id = v.article_id{where.sql()} "
               f"ORDER BY a.published NULLS LAST, v.article_id, v.event_id{_page(f)}")
        return self._run(sql, where.params)

    def quotes(self, f: Filters | None = None, *, speaker: str | None = None) -> QueryResult:
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if speaker or f.entity:
            where.add("(q.speaker_name ILIKE ? OR q.speaker_text ILIKE ?)", f"%{speaker or f.entity}%",
                      f"%{speaker or f.entity}%")
        if f.country:
            where.add("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = q.article_id AND "
                      "e.entity_id = q.speaker_entity AND e.country = upper(?))", f.country)
        sql = ("SELECT q.article_id, q.quote_id, a.published, a.outlet, q.speaker_name AS speaker, q.cue, "
               "q.kind, q.text FROM quotes q JOIN articles a ON a.id = q.article_id"
               f"{where.sql()} ORDER BY a.published NULLS LAST, q.article_id, q.start{_page(f)}")
        return self._run(sql, where.params)

    def stats(self) -> dict[str, Any]:
        one = lambda sql: self.con.execute(sql).fetchone()  # noqa: E731
        counts = {table: one(f"SELECT count(*) FROM {table}")[0]
                  for table in ("articles", "entities", "mentions", "events", "quotes", "places", "times",
                                "framing")}
        first, last = one("SELECT min(published), max(published) FROM articles")
        outlets = self.con.execute("SELECT outlet, count(*) AS n FROM articles GROUP BY outlet "
                                   "ORDER BY n DESC, outlet NULLS LAST LIMIT 10").fetchall()
        types = self.con.execute("SELECT type, count(*) AS n FROM entities GROUP BY type "
                                 "ORDER BY n DESC, type").fetchall()
        top = self.con.execute("SELECT name, type, count(DISTINCT article_id) AS n FROM entities "
                               "WHERE type IN ('PERSON', 'ORG') GROUP BY name, type "
                               "ORDER BY n DESC, name LIMIT 10").fetchall()
        runs = one("SELECT count(*) FROM runs")[0]
        return {"counts": counts, "words": one("SELECT coalesce(sum(words), 0) FROM articles")[0],
                "outlets": one("SELECT count(DISTINCT outlet) FROM articles")[0],
                "published": {"first": first.isoformat() if first else None,
                              "last": last.isoformat() if last else None},
                "top_outlets": [{"outlet": o, "articles": n} for o, n in outlets],
                "entity_types": [{"type": t, "entities": n} for t, n in types],
                "top_entities": [{"name": name, "type": t, "articles": n} for name, t, n in top],
                "runs": runs, "schema_version": one("SELECT max(version) FROM schema_migrations")[0]}
