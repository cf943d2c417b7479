"""The views, called as functions on the real ledger: what each page and its JSON twin show."""

from __future__ import annotations

from datetime import date

import pytest

from newsledger.errors import RequestError
from newsledger.serve import views
from newsledger.store.ledger import open_ledger
from newsledger.store.queries import Filters


@pytest.fixture(scope="module")
def ledger(explorer_db):
    with open_ledger(explorer_db) as opened:
        yield opened


def test_views_article_is_the_stored_contract_record(ledger):
    record = views.article(ledger, "layers-001")
    assert record == ledger.analysis("layers-001").to_dict()
    assert record["schema"] == "newsledger.article/1"


def test_views_article_unknown_id_is_a_404_request_error(ledger):
    with pytest.raises(RequestError) as raised:
        views.article(ledger, "no-such-article")
    assert raised.value.status == 404 and raised.value.code == "NL601" and raised.value.fix


def test_views_events_filters_narrow_the_rows(ledger):
    every = views.events(ledger, limit=1000)["rows"]
    conflict = views.events(ledger, quad=4, limit=1000)["rows"]
    assert every and conflict and len(conflict) < len(every)
    assert all(row["quad_class"] == 4 for row in conflict)
    since = views.events(ledger, since=date(2025, 1, 1), limit=1000)["rows"]
    assert since and len(since) < len(every)
    assert all(row["date"] and int(row["date"][:4]) >= 2025 for row in since)  # the event's own date
    assert views.events(ledger, quad=4, limit=1000)["filters"] == {"quad": 4}


def test_views_events_root_code_and_modality(ledger):
    rows = views.events(ledger, root="19", limit=1000)["rows"]
    assert rows and all(row["cameo"].startswith("19") for row in rows)
    assert views.events(ledger, root="1", limit=1000)["rows"] == views.events(ledger, root="01", limit=1000)["rows"]
    future = views.events(ledger, modality="future", limit=1000)["rows"]
    assert all(row["modality"] == "future" for row in future)


def test_views_events_source_and_target_are_exact_names(ledger):
    rows = views.events(ledger, source="Council " + '<img src=x onerror="window.__xss=\'layers\'">')["rows"]
    assert [(r["article_id"], r["event_id"]) for r in rows] == [("layers-001", "v1")]
    assert views.events(ledger, target="port meridian")["rows"][0]["event_id"] == "v1"
    assert views.events(ledger, source="Council")["rows"] == []


@pytest.mark.parametrize("sort", ["date", "-date", "goldstein", "-goldstein", "published", "-outlet"])
def test_views_events_sort(ledger, sort):
    rows = views.events(ledger, sort=sort, limit=1000)["rows"]
    column = {"date": "date", "goldstein": "goldstein", "published": "published", "outlet": "outlet"}[sort.lstrip("-")]
    values = [row[column] for row in rows if row[column] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert all(row[column] is None for row in rows[len(values):])  # NULLs last either way


def test_views_events_paging(ledger):
    first = views.events(ledger, limit=5)["rows"]
    second = views.events(ledger, limit=5, offset=5)["rows"]
    assert len(first) == 5 and first[-1] != second[0]
    assert views.events(ledger, limit=10)["rows"] == first + second


def test_views_timeline_counts_events_by_their_own_dates(ledger):
    data = views.timeline(ledger, bucket="month")
    periods = {row["period"] for row in data["rows"]}
    assert "2024-03" in periods  # the hand-built strike of 4 March 2024, and the Tal Sahrin reports
    assert all(len(p) == 7 for p in periods)
    dated = sum(row["events"] for row in data["rows"])
    assert dated == data["dating"].get("day", 0) + data["dating"].get("month", 0)
    by_year = views.timeline(ledger, bucket="year")
    assert sum(r["events"] for r in by_year["rows"]) == dated + data["dating"].get("year", 0)


def test_views_map_lists_resolved_event_locations(ledger):
    locations = views.event_map(ledger)["locations"]
    assert locations and all(loc["lat"] is not None and loc["lon"] is not None for loc in locations)
    meridian = next(loc for loc in locations if loc["name"] == "Port Meridian")
    assert meridian["quad4"] == meridian["events"] == 1
    assert all(loc["events"] == loc["quad1"] + loc["quad2"] + loc["quad3"] + loc["quad4"] for loc in locations)


def test_views_network_weights_pairs_of_actors(ledger):
    edges = views.network(ledger, limit=1000)["edges"]
    assert edges and all(e["source"] and e["target"] for e in edges)
    assert [e["events"] for e in edges] == sorted((e["events"] for e in edges), reverse=True)
    total = sum(e["events"] for e in edges)
    with_both = [r for r in views.events(ledger, limit=1000)["rows"] if r["source"] and r["target"]]
    assert total == len(with_both)


def test_views_entity_page_data(ledger):
    data = views.entity(ledger, "Port Meridian")
    assert data["entity"]["name"] == "Port Meridian" and data["entity"]["types"] == ["GPE"]
    assert [r["event_id"] for r in data["as_target"]] == ["v1"] and data["as_source"] == []
    assert data["mentions"][0]["text"] == "Port Meridian"
    speaker = views.entity(ledger, 'Ana Reyes <img src=x onerror="window.__xss=\'layers\'">')
    assert [q["quote_id"] for q in speaker["quotes"]] == ["q1"]
    with pytest.raises(RequestError):
        views.entity(ledger, "Nobody At All")


def test_views_lists_have_one_shape(ledger):
    for data in (views.articles(ledger), views.entities(ledger), views.quotes(ledger), views.places(ledger)):
        assert set(data) == {"rows", "count", "limit", "offset", "filters"}
        assert data["count"] == len(data["rows"])
    assert views.articles(ledger, q="Tal Sahrin")["rows"]
    assert all(r["outlet"] == "Layer Gazette" for r in views.articles(ledger, outlet="layer gazette")["rows"])
    assert views.entities(ledger, type="PERSON")["rows"][0]["type"] == "PERSON"
    assert {r["name"] for r in views.places(ledger, country="esp")["rows"]} >= {"Port Meridian"}


def test_views_overview_is_the_ledger_stats(ledger):
    assert views.overview(ledger) == ledger.stats()


def test_queries_event_dating_and_timeline_agree_with_the_events_table(ledger):
    rows = ledger.event_table(Filters()).records()
    dating = {r["precision"]: r["events"] for r in ledger.event_dating(Filters()).records()}
    assert sum(dating.values()) == len(rows)
    assert dating.get("unknown", 0) == sum(1 for r in rows if r["date"] is None)


def test_queries_places_and_event_locations_filter_by_country(ledger):
    places = ledger.places(Filters(country="SYR")).records()
    assert places and all(p["country"] == "SYR" for p in places)
    located = ledger.event_locations(Filters(country="ESP")).records()
    assert [loc["name"] for loc in located] == ["Port Meridian"]


# -- across articles: canonical events and outlets -----------------------------------------------------------

def most_told(ledger) -> dict:
    """The canonical event told by the most outlets: the Kirkuk strike of ``SAME_EVENT``, told by three."""
    rows = views.canonical_events(ledger, limit=1000)["rows"]
    return max(rows, key=lambda r: (r["num_sources"], r["num_mentions"], r["id"]))


def test_views_canonical_events_are_listed_with_their_counts(ledger):
    data = views.canonical_events(ledger, limit=1000)
    assert set(data) == {"rows", "count", "limit", "offset", "filters"} and data["count"] == len(data["rows"]) > 0
    assert all(r["num_mentions"] >= r["num_articles"] >= max(r["num_sources"], 1) for r in data["rows"])
    assert most_told(ledger)["num_sources"] >= 3
    conflict = views.canonical_events(ledger, quad=4, limit=1000)
    assert conflict["rows"] and all(r["quad_class"] == 4 for r in conflict["rows"])
    assert len(conflict["rows"]) < data["count"] and conflict["filters"] == {"quad": 4}


def test_views_canonical_event_puts_each_outlets_statements_side_by_side(ledger):
    told = most_told(ledger)
    data = views.canonical_event(ledger, told["id"])
    assert data["event"]["id"] == told["id"]
    names = [o["outlet"] for o in data["outlets"]]
    assert names == sorted(names) and len(names) >= 3
    statements = [(o["outlet"], s) for o in data["outlets"] for s in o["statements"]]
    assert len(statements) == told["num_mentions"]
    assert len({s["article_id"] for _, s in statements}) == told["num_articles"]
    for row, outlet in zip(data["comparison"], data["outlets"], strict=True):
        mine = outlet["statements"]
        assert row["outlet"] == outlet["outlet"] and row["statements"] == len(mine)
        assert set(row["verbs"]) == {s["verb"] for s in mine if s["verb"]}
        assert set(row["quoted"]) == {q["speaker"] for s in mine for q in s["quotes"] if q["speaker"]}
        assert set(row["dates"]) == {s["date"] for s in mine if s["date"]}
        assert set(row["modalities"]) == {s["modality"] for s in mine}
    chosen = {v["verb"]: set(v["outlets"]) for v in data["verbs"]}
    assert chosen == {verb: {o for o, s in statements if (s["verb"] or "").lower() == verb} for verb in chosen}
    assert {"killed", "assassinated"} <= set(chosen) and len(chosen) >= 3  # the outlets chose their words
    for related in data["related"]:  # a claim or denial of this event, or the event this one claims or denies
        assert told["id"] in (related["related_id"], related["id"]) or related["id"] == told["related_id"]
        assert related["id"] in data["event"]["related"]
    # every statement is an event of the events table that links back to this canonical event
    rows = {(r["article_id"], r["event_id"]): r for r in views.events(ledger, limit=1000)["rows"]}
    for outlet, s in statements:
        row = rows[(s["article_id"], s["event_id"])]
        assert (row["canonical_id"], row["outlet"]) == (told["id"], outlet)
        assert row["canonical_sources"] == told["num_sources"]


def test_views_canonical_event_unknown_id_is_a_404_request_error(ledger):
    with pytest.raises(RequestError) as raised:
        views.canonical_event(ledger, "no-such-event")
    assert raised.value.status == 404 and raised.value.code == "NL601" and "/api/canonical" in raised.value.fix


def test_views_every_event_links_to_one_canonical_event(ledger):
    rows = views.events(ledger, limit=1000)["rows"]
    assert rows and all(r["canonical_id"] for r in rows)
    ids = {r["id"] for r in views.canonical_events(ledger, limit=1000)["rows"]}
    assert {r["canonical_id"] for r in rows} == ids


def test_views_outlets_agree_with_the_articles_and_events(ledger):
    data = views.outlets(ledger)
    named = [r for r in data["rows"] if r["outlet"]]
    assert data["count"] == len(data["rows"]) and {r["outlet"] for r in named} >= {"Northern Wire", "Orontes Herald"}
    for row in named:
        events = views.events(ledger, outlet=row["outlet"], limit=1000)["rows"]
        assert row["events"] == len(events) == sum(row[f"quad{q}"] for q in (1, 2, 3, 4)), row["outlet"]
        assert row["quad4"] == sum(1 for e in events if e["quad_class"] == 4)
        assert row["articles"] == len(views.articles(ledger, outlet=row["outlet"], limit=1000)["rows"])
        assert row["canonical_events"] == len({e["canonical_id"] for e in events})


def test_views_outlet_profile(ledger):
    profile = views.outlet(ledger, "northern wire")  # names match case-insensitively
    assert profile["outlet"] == "Northern Wire"
    events = views.events(ledger, outlet="Northern Wire", limit=1000)["rows"]
    assert profile["events"] == len(events) == sum(profile["quad"].values())
    assert {r["id"] for r in profile["canonical_events"]} == {e["canonical_id"] for e in events}
    assert profile["num_canonical_events"] == len(profile["canonical_events"])
    articles = views.articles(ledger, outlet="Northern Wire", limit=1000)["rows"]
    assert {a["id"] for a in profile["recent_articles"]} <= {a["id"] for a in articles}
    assert profile["recent_articles"] and profile["top_speakers"]
    with pytest.raises(RequestError) as raised:
        views.outlet(ledger, "No Such Outlet")
    assert raised.value.status == 404 and "/api/outlets" in raised.value.fix


def test_views_entity_page_lists_the_canonical_events_it_takes_part_in(ledger):
    told = most_told(ledger)
    data = views.entity(ledger, told["target"])
    assert told["id"] in [r["id"] for r in data["canonical_events"]]
    assert told["id"] not in [r["id"] for r in views.entity(ledger, "Port Meridian")["canonical_events"]]
