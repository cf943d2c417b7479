"""Read-side queries over canonical events (newsledger.corpus.canonical): lists, one event, how each outlet told
it, outlet profiles and an entity's timeline. Mixed into :class:`newsledger.store.queries.Queries`.

Actors are shown by their corpus entity's current name (the entity step may learn a better one after the event
was clustered). An entity is found by its corpus entity's name or any of its spellings, case-insensitive.
"""

from __future__ import annotations

import json
import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import duckdb

    from .queries import Filters, QueryResult

#: The columns of every canonical-event row (``c`` is canonical_events, ``cs``/``ct`` its actors' corpus entities).
EVENT_SELECT = ("c.id, c.cameo, c.root, c.label, c.quad_class, c.family, c.date_value AS date, c.date_precision, "
                "c.event_date, c.location_name AS location, c.location_country, "
                "coalesce(cs.name, c.source_name) AS source, c.source_country, "
                "coalesce(ct.name, c.target_name) AS target, c.target_country, c.modality, c.num_mentions, "
                "c.num_articles, c.num_articles_unique, c.num_sources, c.first_seen, c.last_seen, c.related_id")
#: Their names, in order.
CANONICAL_COLUMNS = ("id", "cameo", "root", "label", "quad_class", "family", "date", "date_precision", "event_date",
                     "location", "location_country", "source", "source_country", "target", "target_country",
                     "modality", "num_mentions", "num_articles", "num_articles_unique", "num_sources", "first_seen",
                     "last_seen", "related_id")
EVENT_FROM = ("canonical_events c LEFT JOIN corpus_entities cs ON cs.corpus_id = c.source_corpus_id "
              "LEFT JOIN corpus_entities ct ON ct.corpus_id = c.target_corpus_id")
#: The last day of a canonical event's date period.
PERIOD_END = ("CASE c.date_precision WHEN 'month' THEN last_day(c.event_date) "
              "WHEN 'year' THEN make_date(year(c.event_date), 12, 31) ELSE c.event_date END")
TOP = 5  # framing terms and speakers in an outlet row


def _queries():
    """store.queries, which imports this module for :class:`Queries` (so it is not imported at the top)."""
    return importlib.import_module(".queries", __package__)


def _named(exact: bool) -> str:
    """Canonical events (``c``) one of whose statements has a source or target linked to a corpus entity named
    by the parameter (exactly or as a substring, case-insensitive); the in-article name counts while the
    entity step has not linked it. Takes the parameter four times."""
    test = "lower({x}) = lower(?)" if exact else "{x} ILIKE ?"
    name = ("(" + test.format(x="ce.name") + " OR EXISTS (SELECT 1 FROM unnest(ce.aliases) AS u(alias) WHERE "
            + test.format(x="u.alias") + "))")
    return ("EXISTS (SELECT 1 FROM canonical_links l JOIN events v ON v.article_id = l.article_id "
            "AND v.event_id = l.event_id JOIN entities e ON e.article_id = v.article_id "
            "AND e.entity_id IN (v.source_entity, v.target_entity) "
            "LEFT JOIN entity_links el ON el.article_id = e.article_id AND el.entity_id = e.entity_id "
            "LEFT JOIN corpus_entities ce ON ce.corpus_id = el.corpus_id "
            f"WHERE l.canonical_id = c.id AND ({name} OR (ce.corpus_id IS NULL AND "
            + test.format(x="e.name") + ")))")


class CanonicalQueries:
    con: duckdb.DuckDBPyConnection

    def canonical_events(self, f: Filters | None = None, *, entity: str | None = None, code: str | None = None,
                         root: str | None = None, quad: int | None = None) -> QueryResult:
        """Canonical events, most widely reported first. ``entity`` (or ``f.entity``) is a substring of a name
        or spelling of a source or target; ``code`` matches a CAMEO code and its sub-codes; ``f.outlet`` keeps the
        events that outlet told; ``f.since``/``f.until`` are on the event's own date (a month is all of it);
        ``f.country`` matches the source's, target's or place's country."""
        f = f or _queries().Filters()
        where = self._canonical_where(f, entity=entity or f.entity, code=code, root=root, quad=quad)
        sql = (f"SELECT {EVENT_SELECT} FROM {EVENT_FROM}{where.sql()} "
               f"ORDER BY c.num_sources DESC, c.num_articles DESC, c.num_mentions DESC, c.id{_queries()._page(f)}")
        return self._run(sql, where.params)

    def _canonical_where(self, f: Filters, *, entity: str | None, code: str | None, root: str | None,
                         quad: int | None):
        where = _queries()._Where()
        if f.outlet:
            where.add("EXISTS (SELECT 1 FROM canonical_links l JOIN articles a ON a.id = l.article_id "
                      "WHERE l.canonical_id = c.id AND lower(a.outlet) = lower(?))", f.outlet)
        if f.since:
            where.add(f"{PERIOD_END} >= CAST(? AS DATE)", f.since)
        if f.until:
            where.add("c.event_date <= CAST(? AS DATE)", f.until)
        if f.country:
            where.add("(c.source_country = upper(?) OR c.target_country = upper(?) OR "
                      "c.location_country = upper(?))", f.country, f.country, f.country)
        if entity:
            where.add(f"(coalesce(cs.name, c.source_name) ILIKE ? OR coalesce(ct.name, c.target_name) ILIKE ? "
                      f"OR {_named(exact=False)})", *[f"%{entity}%"] * 5)
        if code:
            where.add("starts_with(c.cameo, ?)", code)
        if root:
            where.add("c.root = lpad(?, 2, '0')", root)
        if quad:
            where.add("c.quad_class = ?", int(quad))
        return where

    def canonical_event(self, id: str) -> dict[str, Any] | None:
        """One canonical event with its coordinates, the asserted event it is about (``related_id``, for a
        claimed, negated, future or hypothetical one) and every event related to it either way (``related``)."""
        result = self._run(f"SELECT {EVENT_SELECT}, c.date_basis, c.location_lat, c.location_lon, "
                           f"c.source_corpus_id, c.target_corpus_id FROM {EVENT_FROM} WHERE c.id = ?", [id])
        if not result.rows:
            return None
        event = result.records()[0]
        related = self.con.execute("SELECT id FROM canonical_events WHERE related_id = ? OR id = ? ORDER BY id",
                                   [id, event["related_id"]]).fetchall()
        event["related"] = [r[0] for r in related]
        return event

    def compare(self, id: str) -> dict[str, Any] | None:
        """How each outlet told one canonical event: per outlet (by name), its statements with the verb chosen,
        the framing marks and quotes of the sentence, and the date, place and modality it gave."""
        event = self.canonical_event(id)
        if event is None:
            return None
        rows = self._run(
            "SELECT v.article_id, v.event_id, a.outlet, a.title, a.published, v.trigger_text, v.date_value, "
            "v.location_name, v.modality, v.evidence_text, v.evidence_start, v.evidence_end "
            "FROM canonical_links l JOIN events v ON v.article_id = l.article_id AND v.event_id = l.event_id "
            "JOIN articles a ON a.id = v.article_id WHERE l.canonical_id = ? "
            "ORDER BY a.outlet NULLS LAST, a.published NULLS LAST, v.article_id, v.evidence_start", [id]).records()
        articles = sorted({r["article_id"] for r in rows})
        verbs = self._verb_choices(articles)
        framing = self._in_sentences("SELECT m.article_id, m.start, coalesce(m.term, lower(m.text)) AS term "
                                     "FROM framing m", articles)
        quoted = self._in_sentences("SELECT q.article_id, q.start, coalesce(q.speaker_name, q.speaker_text) AS "
                                    "speaker, q.text FROM quotes q", articles)
        outlets: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            span = (r["article_id"], r["evidence_start"], r["evidence_end"])
            outlets.setdefault(r["outlet"] or "", []).append({
                "article_id": r["article_id"], "event_id": r["event_id"], "title": r["title"],
                "published": r["published"], "verb": verbs.get((r["article_id"], r["event_id"]))
                or (r["trigger_text"] or "").lower(),
                "framing": list(dict.fromkeys(m["term"] for m in _inside(framing, span))),
                "quotes": [{"speaker": q["speaker"], "text": q["text"]} for q in _inside(quoted, span)],
                "date": r["date_value"], "location": r["location_name"], "modality": r["modality"],
                "evidence": r["evidence_text"]})
        return {"event": event, "outlets": [{"outlet": name or None, "statements": statements}
                                            for name, statements in sorted(outlets.items())]}

    def _verb_choices(self, articles: list[str]) -> dict[tuple[str, str], str]:
        """The verb each violent event's text chose (``verb_choice`` in the contract record), by statement."""
        found = {}
        cursor = self.con.execute("SELECT id, analysis FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))",
                                  [articles])
        for article_id, analysis in cursor.fetchall():
            for event in json.loads(analysis).get("events", []):
                if event.get("verb_choice"):
                    found[(article_id, event["id"])] = event["verb_choice"]
        return found

    def _in_sentences(self, select: str, articles: list[str]) -> dict[str, list[dict[str, Any]]]:
        rows = self._run(f"{select} WHERE article_id IN (SELECT unnest(?::VARCHAR[])) ORDER BY article_id, start",
                         [articles]).records()
        by_article: dict[str, list[dict[str, Any]]] = {}
        for r in rows:
            by_article.setdefault(r["article_id"], []).append(r)
        return by_article

    def outlets(self) -> QueryResult:
        """One row per outlet: articles, near-duplicate copies among them, event statements, the canonical events
        it told, statements per quad class, its most used framing terms and most quoted speakers."""
        sql = (f"WITH {_OUTLET_CTES} SELECT b.outlet, b.articles, b.duplicates, coalesce(s.events, 0) AS events, "
               "coalesce(s.canonical_events, 0) AS canonical_events, "
               + ", ".join(f"coalesce(s.quad{q}, 0) AS quad{q}" for q in (1, 2, 3, 4))
               + ", coalesce(t.terms, []) AS top_framing, coalesce(q.speakers, []) AS top_speakers "
               "FROM base b LEFT JOIN stmts s ON s.outlet IS NOT DISTINCT FROM b.outlet "  # articles with no outlet too
               f"LEFT JOIN (SELECT outlet, list(term ORDER BY n DESC, term)[1:{TOP}] AS terms FROM terms "
               "GROUP BY outlet) t ON t.outlet IS NOT DISTINCT FROM b.outlet "
               f"LEFT JOIN (SELECT outlet, list(speaker ORDER BY n DESC, speaker)[1:{TOP}] AS speakers FROM speakers "
               "GROUP BY outlet) q ON q.outlet IS NOT DISTINCT FROM b.outlet ORDER BY b.articles DESC, b.outlet")
        return self._run(sql, [])

    def outlet_profile(self, name: str) -> dict[str, Any] | None:
        """One outlet (case-insensitive): its counts, quad-class mix, framing terms with their categories, most
        quoted speakers, the canonical events it told (the 100 most widely reported) and its latest articles."""
        found = self.con.execute("SELECT outlet FROM articles WHERE lower(outlet) = lower(?) GROUP BY outlet "
                                 "ORDER BY count(*) DESC LIMIT 1", [name]).fetchall()
        if not found:
            return None
        outlet = found[0][0]
        row = self._run(f"WITH {_OUTLET_CTES} SELECT b.articles, b.duplicates, s.* FROM base b LEFT JOIN stmts s "
                        "USING (outlet) WHERE b.outlet = ?", [outlet]).records()[0]
        terms = self._run("WITH " + _OUTLET_CTES + " SELECT term, category, n AS count FROM terms WHERE outlet = ? "
                          f"ORDER BY n DESC, term LIMIT {TOP * 4}", [outlet]).records()
        speakers = self._run("WITH " + _OUTLET_CTES + " SELECT speaker, n AS count FROM speakers WHERE outlet = ? "
                             f"ORDER BY n DESC, speaker LIMIT {TOP * 4}", [outlet]).records()
        recent = self._run("SELECT id, title, published FROM articles WHERE outlet = ? "
                           "ORDER BY published DESC NULLS LAST, id LIMIT 10", [outlet]).records()
        told = self.canonical_events(_queries().Filters(outlet=outlet, limit=100)).records()
        return {"outlet": outlet, "articles": row["articles"], "duplicates": row["duplicates"],
                "events": row["events"] or 0, "canonical_events": told,
                "quad": {q: row[f"quad{q}"] or 0 for q in (1, 2, 3, 4)},
                "top_framing": terms, "top_speakers": speakers, "recent_articles": recent,
                "num_canonical_events": row["canonical_events"] or 0}

    def timeline(self, entity: str) -> list[dict[str, Any]]:
        """Canonical events in which the entity named (its corpus entity's name or any spelling, any case) is a
        source or target, by the events' own dates (undated ones last, by when they were first reported)."""
        sql = (f"SELECT {EVENT_SELECT} FROM {EVENT_FROM} WHERE {_named(exact=True)} "
               "ORDER BY c.event_date NULLS LAST, c.first_seen NULLS LAST, c.num_sources DESC, c.id")
        return self._run(sql, [entity] * 3).records()


def _inside(by_article: dict[str, list[dict[str, Any]]], span: tuple[str, int | None, int | None]
            ) -> list[dict[str, Any]]:
    article_id, start, end = span
    if start is None or end is None:
        return []
    return [r for r in by_article.get(article_id, ()) if start <= r["start"] < end]


#: Per outlet: articles and copies (``base``), statements by quad class and canonical events (``stmts``), framing
#: terms (``terms``) and quoted speakers resolved to a name (``speakers``) with counts.
_OUTLET_CTES = (
    "base AS (SELECT a.outlet, count(*) AS articles, count(*) FILTER (WHERE d.group_id IS NOT NULL "
    "AND d.group_id <> a.id) AS duplicates FROM articles a LEFT JOIN duplicate_groups d ON d.article_id = a.id "
    "GROUP BY a.outlet), "
    "stmts AS (SELECT v.outlet, count(*) AS events, count(DISTINCT l.canonical_id) AS canonical_events, "
    + ", ".join(f"count(*) FILTER (WHERE v.quad_class = {q}) AS quad{q}" for q in (1, 2, 3, 4))
    + " FROM events v LEFT JOIN canonical_links l ON l.article_id = v.article_id AND l.event_id = v.event_id "
    "GROUP BY v.outlet), "
    "terms AS (SELECT a.outlet, coalesce(m.term, lower(m.text)) AS term, any_value(m.category) AS category, "
    "count(*) AS n FROM framing m JOIN articles a ON a.id = m.article_id GROUP BY a.outlet, 2), "
    "speakers AS (SELECT a.outlet, q.speaker_name AS speaker, count(*) AS n FROM quotes q "
    "JOIN articles a ON a.id = q.article_id WHERE q.speaker_name IS NOT NULL GROUP BY a.outlet, 2)")
