"""Flattening an ArticleAnalysis into the ledger's table rows (columns as lists, ready for Arrow)."""

from __future__ import annotations

import json
from datetime import date

from ..records import Actor, ArticleAnalysis

COLUMNS: dict[str, tuple[str, ...]] = {
    "articles": ("id", "outlet", "published", "title", "url", "text", "words", "source", "source_line", "run_id",
                 "analysis"),
    "entities": ("article_id", "entity_id", "name", "type", "country", "sector", "titles", "aliases", "roles",
                 "mention_count"),
    "mentions": ("article_id", "entity_id", "start", "end", "text"),
    "events": ("article_id", "event_id", "cameo", "root", "label", "quad_class", "goldstein", "plover",
               "source_entity", "source_text", "source_name", "source_country", "source_sector", "source_code",
               "source_start", "source_end",
               "target_entity", "target_text", "target_name", "target_country", "target_sector", "target_code",
               "target_start", "target_end",
               "date_value", "date_precision", "date_basis", "date_text", "event_date",
               "location_name", "location_country", "location_lat", "location_lon", "location_geonameid",
               "location_feature", "modality", "attributed_to", "trigger_start", "trigger_end", "trigger_text",
               "evidence_start", "evidence_end", "evidence_text", "rule", "confidence", "published", "outlet"),
    "quotes": ("article_id", "quote_id", "kind", "text", "start", "end", "cue", "speaker_entity", "speaker_text",
               "speaker_name"),
    "places": ("article_id", "place_no", "text", "start", "end", "name", "country", "lat", "lon", "geonameid",
               "feature"),
    "times": ("article_id", "time_no", "text", "start", "end", "type", "value"),
    "framing": ("article_id", "mark_no", "text", "start", "end", "category", "term"),
}


class RowBuffer:
    """Rows of every table for a batch of analyses, column by column."""

    def __init__(self) -> None:
        self.columns = {table: {c: [] for c in cols} for table, cols in COLUMNS.items()}
        self.articles = 0

    def add(self, analysis: ArticleAnalysis, run_id: int | None) -> None:
        record = analysis.to_dict()
        a = analysis.article
        aid = a.id
        self._append("articles", (aid, a.outlet, _date(a.published), a.title, a.url, a.text, len(a.text.split()),
                                  a.source, a.line, run_id, json.dumps(record, ensure_ascii=False)))
        for e in analysis.entities:
            self._append("entities", (aid, e.id, e.name, e.type, e.country, e.sector, e.titles, e.aliases, e.roles,
                                      len(e.mentions)))
            for m in e.mentions:
                self._append("mentions", (aid, e.id, m.start, m.end, m.text))
        for v in analysis.events:
            loc = v.location
            self._append("events", (
                aid, v.id, v.cameo, v.root, v.label, v.quad_class, v.goldstein, v.plover,
                *_actor(v.source), *_actor(v.target),
                v.date.value, v.date.precision, v.date.basis, v.date.text, _period_start(v.date.value),
                loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
                loc.lon if loc else None, loc.geonameid if loc else None, loc.feature if loc else None,
                v.modality, v.attributed_to, v.trigger.start, v.trigger.end, v.trigger.text,
                v.evidence.start, v.evidence.end, v.evidence.text, v.rule, v.confidence, _date(a.published),
                a.outlet))
        for q in analysis.quotes:
            self._append("quotes", (aid, q.id, q.kind, q.text, q.start, q.end, q.cue, q.speaker.entity,
                                    q.speaker.text, q.speaker.name))
        for n, p in enumerate(analysis.places, start=1):
            self._append("places", (aid, n, p.text, p.start, p.end, p.name, p.country, p.lat, p.lon, p.geonameid,
                                    p.feature))
        for n, t in enumerate(analysis.times, start=1):
            self._append("times", (aid, n, t.text, t.start, t.end, t.type, t.value))
        for n, f in enumerate(analysis.framing, start=1):
            self._append("framing", (aid, n, f.text, f.start, f.end, f.category, f.term))
        self.articles += 1

    def _append(self, table: str, values: tuple) -> None:
        for column, value in zip(COLUMNS[table], values, strict=True):
            self.columns[table][column].append(value)


def _actor(actor: Actor | None) -> tuple:
    if actor is None:
        return (None,) * 8
    return (actor.entity, actor.text, actor.name, actor.country, actor.sector, actor.code, actor.start, actor.end)


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _period_start(value: str | None) -> date | None:
    """The first day of a TIMEX-style date value (``2020-01`` → 2020-01-01), for range filters."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
