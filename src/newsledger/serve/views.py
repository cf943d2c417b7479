"""The explorer's views: the ledger and the query parameters in, JSON-able data out. Each is served as a page and
as its JSON twin (see ``pages.py``); the queries themselves live in ``store/queries.py``."""

from __future__ import annotations

from typing import Any

from fastapi import Path

from ..errors import RequestError
from ..store.queries import QueryResult
from .pages import page
from .params import (Bucket, Code, Country, Entity, EntityType, LedgerDep, Limit, Modality, Offset, Outlet, Q, Quad,
                     Root, Since, Sort, Source, SourceCountry, Speaker, Target, TargetCountry, Until, filters, given)

ArticleId = Path(description="The article's id, as listed by /api/articles.", max_length=500)
EntityName = Path(description="An entity's canonical name, as listed by /api/entities.", max_length=500)
CanonicalId = Path(description="A canonical event's id, as listed by /api/canonical.", max_length=200)
OutletName = Path(description="An outlet's name, as listed by /api/outlets (case-insensitive).", max_length=500)


def _rows(result: QueryResult, limit: int | None, offset: int, params: dict[str, Any]) -> dict[str, Any]:
    return {"rows": result.records(), "count": len(result), "limit": limit, "offset": offset, "filters": params}


@page("/", api="/api/stats", template="overview.html", title="Overview")
def overview(ledger: LedgerDep) -> dict[str, Any]:
    """What the ledger holds: row counts, outlets, publication dates, entity types, the most-mentioned names."""
    return ledger.stats()


@page("/articles", api="/api/articles", template="articles.html", title="Articles")
def articles(ledger: LedgerDep, q: Q = None, outlet: Outlet = None, since: Since = None, until: Until = None,
             entity: Entity = None, country: Country = None, limit: Limit = 50, offset: Offset = 0
             ) -> dict[str, Any]:
    """Stored articles with their entity, event and quote counts; ``q`` searches titles and texts."""
    result = ledger.articles(filters(outlet, since, until, entity, country, limit, offset), q=q)
    return _rows(result, limit, offset, given(q=q, outlet=outlet, since=since, until=until, entity=entity,
                                              country=country))


@page("/articles/{article_id:path}", api="/api/articles/{article_id:path}", template="article.html",
      title="Article", nav=False)
def article(ledger: LedgerDep, article_id: str = ArticleId) -> dict[str, Any]:
    """One article's full analysis: the ``newsledger.article/1`` contract record, exactly as stored."""
    analysis = ledger.analysis(article_id)
    if analysis is None:
        raise RequestError(f"no article with id {article_id!r} in this ledger", status=404, code="NL601",
                           fix="list the ids at /api/articles")
    return analysis.to_dict()


@page("/events", api="/api/events", template="events.html", title="Events")
def events(ledger: LedgerDep, outlet: Outlet = None, since: Since = None, until: Until = None,
           entity: Entity = None, country: Country = None, code: Code = None, root: Root = None, quad: Quad = None,
           source_country: SourceCountry = None, target_country: TargetCountry = None, modality: Modality = None,
           source: Source = None, target: Target = None, sort: Sort = None, limit: Limit = 100, offset: Offset = 0
           ) -> dict[str, Any]:
    """Coded events with the `newsledger events` filters, paging and sorting (``since``/``until`` are on the
    event's own date, ``date`` in each row, which overlaps the range; undated events match no range)."""
    event_filters = dict(code=code, root=root, quad=quad, source_country=source_country,
                         target_country=target_country, modality=modality, source=source, target=target)
    result = ledger.event_table(filters(outlet, since, until, entity, country, limit, offset), sort=sort,
                                **event_filters)
    return _rows(result, limit, offset, given(outlet=outlet, since=since, until=until, entity=entity,
                                              country=country, sort=sort, **event_filters))


@page("/timeline", api="/api/timeline", template="timeline.html", title="Timeline")
def timeline(ledger: LedgerDep, bucket: Bucket = "month", outlet: Outlet = None, since: Since = None,
             until: Until = None, entity: Entity = None, country: Country = None, code: Code = None,
             root: Root = None, quad: Quad = None, modality: Modality = None) -> dict[str, Any]:
    """Event counts by the events' own dates (as the texts give them, not publication dates) and quad class."""
    f = filters(outlet, since, until, entity, country)
    event_filters = dict(code=code, root=root, quad=quad, modality=modality)
    return {"bucket": bucket, "rows": ledger.event_timeline(f, bucket=bucket, **event_filters).records(),
            "dating": {r["precision"]: r["events"] for r in ledger.event_dating(f, **event_filters).records()},
            "filters": given(bucket=None if bucket == "month" else bucket, outlet=outlet, since=since,
                             until=until, entity=entity, country=country, **event_filters)}


@page("/map", api="/api/map", template="map.html", title="Map")
def event_map(ledger: LedgerDep, outlet: Outlet = None, since: Since = None, until: Until = None,
              entity: Entity = None, country: Country = None, code: Code = None, root: Root = None,
              quad: Quad = None, modality: Modality = None) -> dict[str, Any]:
    """Where events happened, as the texts say: each resolved event location with its counts per quad class."""
    event_filters = dict(code=code, root=root, quad=quad, modality=modality)
    result = ledger.event_locations(filters(outlet, since, until, entity, country), **event_filters)
    return {"locations": result.records(),
            "filters": given(outlet=outlet, since=since, until=until, entity=entity, country=country,
                             **event_filters)}


@page("/network", api="/api/network", template="network.html", title="Network")
def network(ledger: LedgerDep, outlet: Outlet = None, since: Since = None, until: Until = None,
            entity: Entity = None, country: Country = None, code: Code = None, root: Root = None,
            quad: Quad = None, modality: Modality = None, limit: Limit = 60) -> dict[str, Any]:
    """Who acts on whom: (source, target) pairs of actors weighted by their events, heaviest first."""
    event_filters = dict(code=code, root=root, quad=quad, modality=modality)
    result = ledger.event_network(filters(outlet, since, until, entity, country, limit), **event_filters)
    return {"edges": result.records(), "limit": limit,
            "filters": given(outlet=outlet, since=since, until=until, entity=entity, country=country,
                             **event_filters)}


@page("/entities", api="/api/entities", template="entities.html", title="Entities")
def entities(ledger: LedgerDep, type: EntityType = None, entity: Entity = None, outlet: Outlet = None,
             since: Since = None, until: Until = None, country: Country = None, limit: Limit = 100,
             offset: Offset = 0) -> dict[str, Any]:
    """Entities across articles by name and type, with the country and sector most often given."""
    result = ledger.entities(filters(outlet, since, until, entity, country, limit, offset), type=type)
    return _rows(result, limit, offset, given(type=type, entity=entity, outlet=outlet, since=since, until=until,
                                              country=country))


@page("/entities/{name:path}", api="/api/entities/{name:path}", template="entity.html", title="Entity", nav=False)
def entity(ledger: LedgerDep, name: str = EntityName, limit: Limit = 200) -> dict[str, Any]:
    """One entity by its canonical name: its mentions, the events it is the source and the target of, its quotes,
    and the canonical events it takes part in (under any spelling the corpus layer linked to it), by date."""
    summary = ledger.entity_summary(name)
    if summary is None:
        raise RequestError(f"no entity named {name!r} in this ledger", status=404, code="NL601",
                           fix="list the names at /api/entities (names are matched exactly)")
    f = filters(limit=limit)
    return {"entity": summary, "mentions": ledger.entity_mentions(name, f).records(),
            "as_source": ledger.event_table(f, source=name).records(),
            "as_target": ledger.event_table(f, target=name).records(),
            "quotes": ledger.entity_quotes(name, f).records(), "canonical_events": ledger.timeline(name)[:limit],
            "limit": limit}


@page("/quotes", api="/api/quotes", template="quotes.html", title="Quotes")
def quotes(ledger: LedgerDep, speaker: Speaker = None, outlet: Outlet = None, since: Since = None,
           until: Until = None, entity: Entity = None, country: Country = None, limit: Limit = 100,
           offset: Offset = 0) -> dict[str, Any]:
    """Quotations with their speakers."""
    result = ledger.quotes(filters(outlet, since, until, entity, country, limit, offset), speaker=speaker)
    return _rows(result, limit, offset, given(speaker=speaker, outlet=outlet, since=since, until=until,
                                              entity=entity, country=country))


@page("/places", api="/api/places", template="places.html", title="Places")
def places(ledger: LedgerDep, q: Q = None, outlet: Outlet = None, since: Since = None, until: Until = None,
           country: Country = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Places named in the articles, resolved to a name, country and coordinates, with their counts."""
    result = ledger.places(filters(outlet, since, until, country=country, limit=limit, offset=offset), q=q)
    return _rows(result, limit, offset, given(q=q, outlet=outlet, since=since, until=until, country=country))


# -- across articles: canonical events and outlets ---------------------------------------------------------------

@page("/canonical", api="/api/canonical", template="canonical_events.html", title="Canonical events")
def canonical_events(ledger: LedgerDep, outlet: Outlet = None, since: Since = None, until: Until = None,
                     entity: Entity = None, country: Country = None, code: Code = None, root: Root = None,
                     quad: Quad = None, limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    """Canonical events: the statements of many articles that tell one real-world event, as one record with its
    best-supported date and place and honest counts (mentions, articles, outlets); ``outlet`` keeps the events
    that outlet told."""
    f = filters(outlet, since, until, country=country, limit=limit, offset=offset)
    result = ledger.canonical_events(f, entity=entity, code=code, root=root, quad=quad)
    return _rows(result, limit, offset, given(outlet=outlet, since=since, until=until, entity=entity,
                                              country=country, code=code, root=root, quad=quad))


@page("/canonical/{canonical_id}", api="/api/canonical/{canonical_id}", template="canonical_event.html",
      title="Canonical event", nav=False)
def canonical_event(ledger: LedgerDep, canonical_id: str = CanonicalId) -> dict[str, Any]:
    """One canonical event and how each outlet told it (`newsledger compare`): every outlet's statements, and
    side by side the verbs they chose, their framing marks, whom they quoted, the dates, places and modality
    they gave; ``related`` are the events told with another modality (a claim or a denial of this one, or the
    event this one claims or denies)."""
    compared = ledger.compare(canonical_id)
    if compared is None:
        raise RequestError(f"no canonical event with id {canonical_id!r} in this ledger", status=404,
                           code="NL601", fix="list the ids at /api/canonical")
    related = (ledger.canonical_event(r) for r in compared["event"].get("related") or [])
    return {**compared, "comparison": [_told_by(o) for o in compared["outlets"]],
            "verbs": _verb_choices(compared["outlets"]), "related": [r for r in related if r is not None]}


def _told_by(outlet: dict[str, Any]) -> dict[str, Any]:
    """One outlet's statements of an event summed up, each aspect's distinct values in the order first told."""
    statements = outlet["statements"]
    quotes = [q for s in statements for q in s.get("quotes") or []]
    return {"outlet": outlet["outlet"], "statements": len(statements),
            "articles": len({s["article_id"] for s in statements}),
            "verbs": _distinct(s.get("verb") for s in statements),
            "framing": _distinct(_term(t) for s in statements for t in s.get("framing") or []),
            "quoted": _distinct(q.get("speaker") for q in quotes),
            "dates": _distinct(s.get("date") for s in statements),
            "places": _distinct(s.get("location") for s in statements),
            "modalities": _distinct(s.get("modality") for s in statements)}


def _verb_choices(outlets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each verb used for the event with the outlets that chose it, the most widely chosen first."""
    chosen: dict[str, list[str]] = {}
    for outlet in outlets:
        for verb in _distinct(s.get("verb") for s in outlet["statements"]):
            chosen.setdefault(verb.lower(), []).append(outlet["outlet"])
    return [{"verb": verb, "outlets": names}
            for verb, names in sorted(chosen.items(), key=lambda item: (-len(item[1]), item[0]))]


def _term(mark: Any) -> Any:
    return (mark.get("term") or mark.get("text")) if isinstance(mark, dict) else mark


def _distinct(values: Any) -> list[Any]:
    return list(dict.fromkeys(v for v in values if v not in (None, "")))


@page("/outlets", api="/api/outlets", template="outlets.html", title="Outlets")
def outlets(ledger: LedgerDep) -> dict[str, Any]:
    """Every outlet's profile in one row: articles (and near-duplicates among them), events, canonical events,
    events per quad class, its most-used framing terms and its most-quoted speakers."""
    result = ledger.outlets()
    return {"rows": result.records(), "count": len(result)}


@page("/outlets/{name:path}", api="/api/outlets/{name:path}", template="outlet.html", title="Outlet", nav=False)
def outlet(ledger: LedgerDep, name: str = OutletName) -> dict[str, Any]:
    """One outlet: its volume, quad-class mix, top framing terms, most-quoted speakers, the canonical events it
    told and its most recent articles."""
    profile = ledger.outlet_profile(name)
    if profile is None:
        raise RequestError(f"no outlet named {name!r} in this ledger", status=404, code="NL601",
                           fix="list the outlets at /api/outlets")
    return profile
