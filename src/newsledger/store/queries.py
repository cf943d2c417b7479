"""Read-side queries over the ledger, shared by the CLI, the Python API and the HTTP API. All SQL is parameterised."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa

from .canonical import CanonicalQueries


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
    exclude_duplicates: bool = False  # leave out wire copies and republications, keeping one per group


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
    if f.exclude_duplicates:
        where.add(NOT_A_COPY.format(article=f"{alias}.id"))


#: An article that is not a near-duplicate copy: in no duplicate group, or its group's representative (the
#: smallest article id). ``{article}`` is the article id column.
NOT_A_COPY = ("NOT EXISTS (SELECT 1 FROM duplicate_groups dg WHERE dg.article_id = {article} "
              "AND dg.group_id <> dg.article_id)")

#: In-document entities (``e``) that are the entity of this exact name (case-insensitive): by their own name, or
#: through the corpus entity they are linked to (``Qasem Soleimani`` in an article is ``Qassem Soleimani``).
ENTITY_IS = ("(lower(e.name) = lower(?) OR EXISTS (SELECT 1 FROM entity_links el JOIN corpus_entities en "
             "ON en.corpus_id = el.corpus_id WHERE el.article_id = e.article_id AND el.entity_id = e.entity_id "
             "AND lower(en.name) = lower(?)))")

#: An in-document entity (``{article}``, ``{entity}``: its id columns) linked to a corpus entity whose name or one
#: of whose spellings contains the parameter (case-insensitive): ``Qasem Soleimani`` finds ``Qassem Soleimani``.
CORPUS_NAMED = ("EXISTS (SELECT 1 FROM entity_links cl JOIN corpus_entities ce ON ce.corpus_id = cl.corpus_id "
                "WHERE cl.article_id = {article} AND cl.entity_id = {entity} AND (ce.name ILIKE ? OR "
                "len(list_filter(ce.aliases, lambda x: x ILIKE ?)) > 0))")


def _page(f: Filters) -> str:
    sql = ""
    if f.limit is not None:
        sql += f" LIMIT {int(f.limit)}"
    if f.offset:
        sql += f" OFFSET {int(f.offset)}"
    return sql


#: The last day of an event's date period (``event_date`` is its first day; the precision says how long it is).
EVENT_PERIOD_END = ("CASE v.date_precision WHEN 'month' THEN last_day(v.event_date) "
                    "WHEN 'year' THEN make_date(year(v.event_date), 12, 31) ELSE v.event_date END")


def _event_where(f: Filters, *, code: str | None = None, root: str | None = None, quad: int | None = None,
                 source_country: str | None = None, target_country: str | None = None,
                 modality: str | None = None, source: str | None = None, target: str | None = None) -> _Where:
    """The WHERE clause of every event query (``v`` is events). ``source``/``target`` match an
    actor's name exactly (case-insensitive), or the name of the entity the actor was resolved to."""
    where = _Where()
    if f.outlet:  # events carry their article's outlet and date (migration 0003)
        where.add("lower(v.outlet) = lower(?)", f.outlet)
    # --since/--until are on the event's own date, a period as precise as the text (``2020-01`` is all of
    # January): it overlaps the range. Events whose date is unknown match no date range.
    if f.since:
        where.add(f"{EVENT_PERIOD_END} >= CAST(? AS DATE)", f.since)
    if f.until:
        where.add("v.event_date <= CAST(? AS DATE)", f.until)
    if f.entity:
        where.add("(v.source_name ILIKE ? OR v.target_name ILIKE ? OR v.source_text ILIKE ? OR "
                  "v.target_text ILIKE ? OR " + CORPUS_NAMED.format(article="v.article_id", entity="v.source_entity")
                  + " OR " + CORPUS_NAMED.format(article="v.article_id", entity="v.target_entity") + ")",
                  *[f"%{f.entity}%"] * 8)
    if f.exclude_duplicates:
        where.add(NOT_A_COPY.format(article="v.article_id"))
    if f.country:
        where.add("(v.source_country = upper(?) OR v.target_country = upper(?) OR v.location_country = upper(?))",
                  f.country, f.country, f.country)
    if code:
        where.add("starts_with(v.cameo, ?)", code)
    if root:
        where.add("v.root = lpad(?, 2, '0')", root)
    if quad:
        where.add("v.quad_class = ?", int(quad))
    if source_country:
        where.add("v.source_country = upper(?)", source_country)
    if target_country:
        where.add("v.target_country = upper(?)", target_country)
    if modality:
        where.add("v.modality = lower(?)", modality)
    for role, name in (("source", source), ("target", target)):
        if name:
            where.add(f"(lower(v.{role}_name) = lower(?) OR EXISTS (SELECT 1 FROM entities e WHERE "
                      f"e.article_id = v.article_id AND e.entity_id = v.{role}_entity AND {ENTITY_IS}))",
                      name, name, name)
    return where


class Queries(CanonicalQueries):
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
            _named_in_article(where, f.entity)
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
        """Entities across articles: one row per corpus entity (every spelling of one person, organisation or
        place, linked by the corpus layer) with its name, type, country, sector and spellings; entities not yet
        linked are grouped by name and type, with the country and sector most often given. ``articles`` and
        ``mentions`` count the articles in scope."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if f.entity:
            where.add("(e.name ILIKE ? OR list_contains(e.aliases, ?) OR c.name ILIKE ? OR "
                      "len(list_filter(c.aliases, lambda x: x ILIKE ?)) > 0)", *[f"%{f.entity}%", f.entity]
                      + [f"%{f.entity}%"] * 2)
        if f.country:
            where.add("coalesce(c.country, e.country) = upper(?)", f.country)
        if type:
            where.add("coalesce(c.type, e.type) = upper(?)", type)
        sql = ("SELECT coalesce(any_value(c.name), any_value(e.name)) AS name, "
               "coalesce(any_value(c.type), any_value(e.type)) AS type, "
               "coalesce(any_value(c.country), mode(e.country)) AS country, "
               "coalesce(any_value(c.sector), mode(e.sector)) AS sector, "
               "count(DISTINCT e.article_id) AS articles, sum(e.mention_count) AS mentions, "
               "coalesce(any_value(c.aliases), list_sort(list_distinct(flatten(list(e.aliases))))) AS aliases, "
               "any_value(l.corpus_id) AS id "
               "FROM entities e JOIN articles a ON a.id = e.article_id "
               "LEFT JOIN entity_links l ON l.article_id = e.article_id AND l.entity_id = e.entity_id "
               f"LEFT JOIN corpus_entities c ON c.corpus_id = l.corpus_id{where.sql()} "
               "GROUP BY coalesce(l.corpus_id, e.name || chr(31) || coalesce(e.type, '')) "
               f"ORDER BY articles DESC, mentions DESC, name{_page(f)}")
        return self._run(sql, where.params)

    def duplicates(self, f: Filters | None = None) -> QueryResult:
        """Near-duplicate articles (wire copies, republications), group by group: each group is named after its
        representative, its smallest article id; ``similarity`` is an article's highest estimated similarity to
        another member. Articles are never deleted: ``Filters(exclude_duplicates=True)`` leaves the copies out
        of other queries."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if f.entity:
            _named_in_article(where, f.entity)
        sql = ("SELECT d.group_id, a.id AS article_id, a.published, a.outlet, a.title, a.words, d.similarity, "
               "d.article_id = d.group_id AS representative "
               f"FROM duplicate_groups d JOIN articles a ON a.id = d.article_id{where.sql()} "
               f"ORDER BY d.group_id, a.published NULLS LAST, a.id{_page(f)}")
        return self._run(sql, where.params)

    def events(self, f: Filters | None = None, *, code: str | None = None, root: str | None = None,
               quad: int | None = None, source_country: str | None = None, target_country: str | None = None,
               modality: str | None = None) -> QueryResult:
        """Coded events; ``code`` matches a CAMEO code and its sub-codes (``19`` → 190, 193, …)."""
        f = f or Filters()
        where = _event_where(f, code=code, root=root, quad=quad, source_country=source_country,
                             target_country=target_country, modality=modality)
        sql = ("SELECT v.article_id, v.event_id, v.published, v.date_value AS date, v.cameo, v.label, "
               "coalesce(v.source_name, v.source_text) AS source, v.source_country, "
               "coalesce(v.target_name, v.target_text) AS target, v.target_country, "
               "v.modality, v.trigger_text AS trigger, v.outlet "
               f"FROM events v{where.sql()} ORDER BY v.published NULLS LAST, v.article_id, v.event_id{_page(f)}")
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
        sql = ("SELECT q.article_id, q.quote_id, a.published, a.outlet, "
               "coalesce(q.speaker_name, q.speaker_text) AS speaker, q.cue, "
               "q.kind, q.text FROM quotes q JOIN articles a ON a.id = q.article_id"
               f"{where.sql()} ORDER BY a.published NULLS LAST, q.article_id, q.start{_page(f)}")
        return self._run(sql, where.params)

    def framing(self, f: Filters | None = None, *, by: str = "outlet", category: str | None = None,
                top: int = 10, outside_quotes: bool = False) -> QueryResult:
        """The framing terms used most, with counts per 1,000 words of the articles in scope.

        ``by="outlet"``: the ``top`` terms of each outlet, rated against that outlet's words; ``by="term"``: the
        ``top`` terms over all articles, with how many outlets use each. ``outside_quotes`` leaves out marks
        inside direct quotations, so that only the outlet's own words count.
        """
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if f.entity:
            _named_in_article(where, f.entity)
        if f.country:
            where.add("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND e.country = upper(?))",
                      f.country)
        marks = _Where()
        if category:
            marks.add("m.category = lower(?)", category)
        if outside_quotes:
            marks.add("NOT EXISTS (SELECT 1 FROM quotes q WHERE q.article_id = m.article_id AND q.kind = 'direct' "
                      "AND q.start <= m.start AND m.\"end\" <= q.\"end\")")
        group = "s.outlet" if by == "outlet" else "NULL"
        sql = (f"WITH scope AS (SELECT a.id, a.outlet, a.words FROM articles a{where.sql()}), "
               f"size AS (SELECT {group} AS grp, sum(s.words) AS words FROM scope s GROUP BY grp), "
               f"marks AS (SELECT {group} AS grp, m.article_id, s.outlet, m.category, "
               "coalesce(m.term, lower(m.text)) AS label "
               f"FROM framing m JOIN scope s ON s.id = m.article_id{marks.sql()}), "
               "counted AS (SELECT grp, category, label AS term, count(*) AS n, "
               "count(DISTINCT article_id) AS articles, count(DISTINCT outlet) AS outlets "
               "FROM marks GROUP BY grp, category, label), "
               "ranked AS (SELECT c.*, row_number() OVER (PARTITION BY c.grp ORDER BY c.n DESC, c.term, c.category) "
               "AS rank FROM counted c) "
               f"SELECT {'r.grp AS outlet, ' if by == 'outlet' else ''}r.rank, r.category, r.term, r.n AS count, "
               f"r.articles, {'' if by == 'outlet' else 'r.outlets, '}"
               "round(1000.0 * r.n / nullif(z.words, 0), 3) AS per_1000_words "
               "FROM ranked r JOIN size z ON z.grp IS NOT DISTINCT FROM r.grp WHERE r.rank <= ? "
               f"ORDER BY r.grp NULLS LAST, r.rank{_page(f)}")
        return self._run(sql, where.params + marks.params + [int(top)])

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
        groups, copies = one("SELECT count(DISTINCT group_id), count(*) FILTER (WHERE article_id <> group_id) "
                             "FROM duplicate_groups")
        return {"counts": counts, "words": one("SELECT coalesce(sum(words), 0) FROM articles")[0],
                "outlets": one("SELECT count(DISTINCT outlet) FROM articles")[0],
                "published": {"first": first.isoformat() if first else None,
                              "last": last.isoformat() if last else None},
                "top_outlets": [{"outlet": o, "articles": n} for o, n in outlets],
                "entity_types": [{"type": t, "entities": n} for t, n in types],
                "top_entities": [{"name": name, "type": t, "articles": n} for name, t, n in top],
                "runs": runs, "schema_version": one("SELECT max(version) FROM schema_migrations")[0],
                "corpus": {"entities": one("SELECT count(*) FROM corpus_entities")[0],
                           "duplicate_groups": groups, "duplicate_copies": copies}}

    # -- the explorer's views over events, places and one entity (newsledger serve) -------------------------

    def event_table(self, f: Filters | None = None, *, sort: str | None = None, **event_filters: Any
                    ) -> QueryResult:
        """Events with what a table of evidence needs, each with the canonical event it tells (and how many
        outlets told that); ``sort`` is a key of ``EVENT_SORTS``, ``-key`` descending. ``event_filters`` are those
        of :func:`_event_where`."""
        f = f or Filters()
        where = _event_where(f, **event_filters)
        order = "v.published NULLS LAST, v.article_id, v.event_id"
        if sort:
            column = EVENT_SORTS[sort.lstrip("-")]
            order = f"{column} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, {order}"
        sql = ("SELECT v.article_id, v.event_id, v.published, v.outlet, v.date_value AS date, v.date_precision, "
               "v.date_basis, v.cameo, v.label, v.quad_class, v.goldstein, "
               "coalesce(v.source_name, v.source_text) AS source, v.source_country, "
               "coalesce(v.target_name, v.target_text) AS target, v.target_country, v.modality, "
               "v.trigger_text AS trigger, v.location_name AS location, v.location_country, "
               "v.evidence_text AS evidence, l.canonical_id, c.num_sources AS canonical_sources "
               "FROM events v LEFT JOIN canonical_links l ON l.article_id = v.article_id AND l.event_id = v.event_id "
               f"LEFT JOIN canonical_events c ON c.id = l.canonical_id{where.sql()} ORDER BY {order}{_page(f)}")
        return self._run(sql, where.params)

    def event_timeline(self, f: Filters | None = None, *, bucket: str = "month", **event_filters: Any
                       ) -> QueryResult:
        """Event counts per period of the events' own dates (not publication dates) and quad class. Events dated
        less precisely than ``bucket`` (day, month or year) are left out; :meth:`event_dating` counts them."""
        f = f or Filters()
        where = _event_where(f, **event_filters)
        width = BUCKET_WIDTHS[bucket]
        where.add("length(v.date_value) >= ?", width)
        sql = ("SELECT left(v.date_value, ?) AS period, v.quad_class, count(*) AS events "
               f"FROM events v{where.sql()} "
               "GROUP BY period, v.quad_class ORDER BY period, v.quad_class")
        return self._run(sql, [width, *where.params])

    def event_dating(self, f: Filters | None = None, **event_filters: Any) -> QueryResult:
        """How many events are dated to the day, month, year, or not at all."""
        f = f or Filters()
        where = _event_where(f, **event_filters)
        sql = ("SELECT CASE WHEN v.date_value IS NULL THEN 'unknown' ELSE v.date_precision END AS precision, "
               f"count(*) AS events FROM events v{where.sql()} "
               "GROUP BY precision ORDER BY precision")
        return self._run(sql, where.params)

    def event_locations(self, f: Filters | None = None, **event_filters: Any) -> QueryResult:
        """Where events happened as the texts say: one row per resolved location, with counts per quad class."""
        f = f or Filters()
        where = _event_where(f, **event_filters)
        where.add("v.location_lat IS NOT NULL AND v.location_lon IS NOT NULL")
        sql = ("SELECT v.location_name AS name, v.location_country AS country, v.location_feature AS feature, "
               "v.location_lat AS lat, v.location_lon AS lon, count(*) AS events, "
               "count(DISTINCT v.article_id) AS articles, "
               + ", ".join(f"count(*) FILTER (WHERE v.quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4))
               + f" FROM events v{where.sql()} "
               "GROUP BY name, country, feature, lat, lon ORDER BY events DESC, name" + _page(f))
        return self._run(sql, where.params)

    def event_network(self, f: Filters | None = None, **event_filters: Any) -> QueryResult:
        """Who acts on whom: one row per (source, target) pair of actors, weighted by their events."""
        f = f or Filters()
        where = _event_where(f, **event_filters)
        where.add("coalesce(v.source_name, v.source_text) IS NOT NULL AND "
                  "coalesce(v.target_name, v.target_text) IS NOT NULL")
        sql = ("SELECT coalesce(v.source_name, v.source_text) AS source, mode(v.source_country) AS source_country, "
               "coalesce(v.target_name, v.target_text) AS target, mode(v.target_country) AS target_country, "
               "count(*) AS events, round(avg(v.goldstein), 2) AS goldstein, "
               "count(*) FILTER (WHERE v.quad_class IN (1, 2)) AS cooperation, "
               "count(*) FILTER (WHERE v.quad_class IN (3, 4)) AS conflict "
               f"FROM events v{where.sql()} "
               "GROUP BY 1, 3 ORDER BY events DESC, source, target" + _page(f))
        return self._run(sql, where.params)

    def places(self, f: Filters | None = None, *, q: str | None = None) -> QueryResult:
        """Places named in the articles, resolved, with how often and in how many articles."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        if q:
            where.add("(p.name ILIKE ? OR p.text ILIKE ?)", f"%{q}%", f"%{q}%")
        if f.country:
            where.add("p.country = upper(?)", f.country)
        sql = ("SELECT p.name, p.country, p.feature, p.lat, p.lon, count(*) AS mentions, "
               "count(DISTINCT p.article_id) AS articles "
               f"FROM places p JOIN articles a ON a.id = p.article_id{where.sql()} "
               "GROUP BY p.name, p.country, p.feature, p.lat, p.lon "
               f"ORDER BY articles DESC, mentions DESC, p.name{_page(f)}")
        return self._run(sql, where.params)

    def entity_summary(self, name: str) -> dict[str, Any] | None:
        """One entity across articles by its exact name — every spelling linked to the corpus entity of that name
        included: types, country, sector, aliases (the other spellings), titles and counts."""
        row = self.con.execute(
            "SELECT ? AS name, list(DISTINCT e.type ORDER BY e.type) AS types, mode(e.country) AS country, "
            "mode(e.sector) AS sector, list_sort(list_filter(list_distinct(flatten(list(e.aliases)) || list(e.name)), "
            "lambda x: lower(x) <> lower(?))) AS aliases, "
            "list_sort(list_distinct(flatten(list(e.titles)))) AS titles, count(DISTINCT e.article_id) AS articles, "
            f"sum(e.mention_count) AS mentions FROM entities e WHERE {ENTITY_IS} HAVING count(*) > 0",
            [name, name, name, name]).fetchone()
        if row is None:
            return None
        keys = ("name", "types", "country", "sector", "aliases", "titles", "articles", "mentions")
        return dict(zip(keys, row, strict=True))

    def entity_mentions(self, name: str, f: Filters | None = None) -> QueryResult:
        """Every mention of the entity with this exact name (any spelling linked to it), in article order."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        where.add(ENTITY_IS, name, name)
        sql = ("SELECT m.article_id, a.published, a.outlet, a.title, m.text, m.start, m.\"end\" "
               "FROM mentions m JOIN entities e ON e.article_id = m.article_id AND e.entity_id = m.entity_id "
               f"JOIN articles a ON a.id = m.article_id{where.sql()} "
               f"ORDER BY a.published NULLS LAST, m.article_id, m.start{_page(f)}")
        return self._run(sql, where.params)

    def entity_quotes(self, name: str, f: Filters | None = None) -> QueryResult:
        """Quotes whose speaker was resolved to the entity with this exact name (any spelling linked to it), or is
        given by this name."""
        f = f or Filters()
        where = _Where()
        _article_filters(where, f)
        where.add("(q.speaker_name = ? OR EXISTS (SELECT 1 FROM entities e WHERE e.article_id = q.article_id AND "
                  f"e.entity_id = q.speaker_entity AND {ENTITY_IS}))", name, name, name)
        sql = ("SELECT q.article_id, q.quote_id, a.published, a.outlet, q.kind, q.text, q.start, q.\"end\", q.cue "
               f"FROM quotes q JOIN articles a ON a.id = q.article_id{where.sql()} "
               f"ORDER BY a.published NULLS LAST, q.article_id, q.start{_page(f)}")
        return self._run(sql, where.params)


def _named_in_article(where: _Where, name: str) -> None:
    """Articles naming an entity: by its name or an alias in the article, or any spelling of its corpus entity."""
    where.add("EXISTS (SELECT 1 FROM entities e WHERE e.article_id = a.id AND (e.name ILIKE ? OR "
              "list_contains(e.aliases, ?) OR " + CORPUS_NAMED.format(article="e.article_id", entity="e.entity_id")
              + "))", f"%{name}%", name, f"%{name}%", f"%{name}%")


EVENT_SORTS = {"date": "v.event_date", "published": "v.published", "cameo": "v.cameo", "goldstein": "v.goldstein",
               "quad": "v.quad_class", "outlet": "v.outlet", "source": "source", "target": "target"}
BUCKET_WIDTHS = {"year": 4, "month": 7, "day": 10}
