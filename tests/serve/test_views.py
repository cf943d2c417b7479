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
