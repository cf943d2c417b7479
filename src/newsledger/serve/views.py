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
    """One entity by its canonical name: its mentions, the events it is the source and the target of, its quotes."""
    summary = ledger.entity_summary(name)
    if summary is None:
        raise RequestError(f"no entity named {name!r} in this ledger", status=404, code="NL601",
                           fix="list the names at /api/entities (names are matched exactly)")
    f = filters(limit=limit)
    return {"entity": summary, "mentions": ledger.entity_mentions(name, f).records(),
            "as_source": ledger.event_table(f, source=name).records(),
            "as_target": ledger.event_table(f, target=name).records(),
            "quotes": ledger.entity_quotes(name, f).records(), "limit": limit}


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
