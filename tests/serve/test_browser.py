"""End to end in a real browser: `newsledger serve` on the real ledger, driven by Playwright in Debian's Chromium.
Screenshots of every page go to demo/out/screenshots/ (the folder `make demo` prints)."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

import pytest

from conftest import FOUNDING

from .conftest import SCREENSHOTS, XSS_ARTICLE, screenshot

pytestmark = pytest.mark.slow

# Per marked span (data-key): its kind, its offsets and the text of all its parts joined.
COLLECT_MARKS = """() => {
  const found = {};
  for (const el of document.querySelectorAll('#article-text [data-key]')) {
    const key = el.dataset.key;
    found[key] = found[key] || {kind: el.dataset.kind, start: +el.dataset.start, end: +el.dataset.end, text: ''};
  }
  // Each text node counts once for every span it lies in: the parts of a span join in document order.
  const walker = document.createTreeWalker(document.getElementById('article-text'), NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const seen = new Set();
    for (let el = walker.currentNode.parentElement; el && el.id !== 'article-text'; el = el.parentElement) {
      if (el.dataset.key && !seen.has(el.dataset.key)) {
        seen.add(el.dataset.key);
        found[el.dataset.key].text += walker.currentNode.data;
      }
    }
  }
  return found;
}"""


def api(server: str, path: str, **params) -> dict:
    query = f"?{urllib.parse.urlencode(params)}" if params else ""
    with urllib.request.urlopen(server + path + query, timeout=30) as response:
        return json.loads(response.read())


def article_url(server: str, article_id: str) -> str:
    return f"{server}/articles/{urllib.parse.quote(article_id, safe='')}"


def expected_spans(record: dict) -> dict[str, tuple[str, int, int, str | None]]:
    """data-key → (kind, start, end, the span's own text if the record gives one) for the layers a reader checks."""
    spans = {}
    for entity in record["entities"]:
        for n, m in enumerate(entity["mentions"]):
            spans[f"{entity['id']}.{n}"] = ("entity", m["start"], m["end"], m["text"])
    for event in record["events"]:
        t = event["trigger"]
        spans[f"{event['id']}.trigger"] = ("trigger", t["start"], t["end"], t["text"])
        for role in ("source", "target"):
            actor = event[role]
            if actor and actor.get("start") is not None:
                spans[f"{event['id']}.{role}"] = (role, actor["start"], actor["end"], actor["text"])
    for quote in record["quotes"]:
        spans[quote["id"]] = ("quote", quote["start"], quote["end"], None)
    for n, mark in enumerate(record["framing"], start=1):
        spans[f"f{n}"] = ("framing", mark["start"], mark["end"], mark["text"])
    for n, time in enumerate(record["times"], start=1):
        spans[f"t{n}"] = ("time", time["start"], time["end"], time["text"])
    return spans


def assert_highlighted_exactly(page, record: dict) -> dict:
    text = record["article"]["text"]
    assert page.inner_text("#article-text").replace("\n", "") == text.replace("\n", "")
    shown = page.evaluate(COLLECT_MARKS)
    for key, (kind, start, end, own) in expected_spans(record).items():
        assert key in shown, f"{record['article']['id']}: {kind} {key} is not highlighted"
        mark = shown[key]
        assert (mark["kind"], mark["start"], mark["end"]) == (kind, start, end), key
        assert mark["text"] == text[start:end], (key, mark["text"], text[start:end])
        if own is not None:
            assert own == text[start:end], f"{key}: the record's span text differs from the article at its offsets"
    return shown


def assert_panel_shows_each_event(page, record: dict) -> None:
    for event in record["events"]:
        card = page.locator(f"#event-{event['id']}")
        assert card.count() == 1
        date = card.locator(".event-date").inner_text()
        assert date == (event["date"]["value"] or "undated")
        where = card.locator(".event-location").inner_text()
        assert where == (event["location"]["name"] if event["location"] else "no location")
        evidence = " ".join(card.locator(".evidence").inner_text().split())
        assert evidence == " ".join(event["evidence"]["text"].split())


def test_browser_article_pages_highlight_every_span_at_its_offsets(server, page):
    ids = [row["id"] for row in api(server, "/api/articles", limit=1000)["rows"]]
    kinds = set()
    for article_id in ids:
        record = api(server, "/api/articles/" + urllib.parse.quote(article_id, safe=""))
        page.goto(article_url(server, article_id))
        shown = assert_highlighted_exactly(page, record)
        assert_panel_shows_each_event(page, record)
        kinds |= {mark["kind"] for mark in shown.values()}
    assert kinds >= {"entity", "trigger", "source", "target", "quote", "framing", "time", "place"}
    assert page.errors == [] and page.dialogs == []


def test_browser_article_layers_switch_off_and_event_cards_point_at_their_trigger(server, page):
    page.goto(article_url(server, "layers-001"))
    screenshot(page, "article")
    trigger = page.locator('[data-key="v1.trigger"]')
    assert trigger.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    page.uncheck('[data-layer-toggle="trigger"]')
    assert "hide-trigger" in page.get_attribute("#article-text", "class")
    assert trigger.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    page.hover("#event-v1")
    assert "focus" in trigger.get_attribute("class")
    assert "focus" in page.locator('[data-key="v1.source"]').first.get_attribute("class")
    page.click('[data-key="v1.trigger"]')
    assert page.errors == []


def test_browser_events_filters_change_the_table(server, page):
    page.goto(server + "/events")
    every = page.locator("#events-table tbody tr").count()
    assert every > 50
    page.select_option('select[name="quad"]', "4")  # applied as soon as it is chosen
    page.wait_for_url("**/events?quad=4")
    conflict = page.locator("#events-table tbody tr")
    assert 0 < conflict.count() < every
    assert set(conflict.evaluate_all("rows => rows.map(r => r.dataset.quad)")) == {"4"}
    page.fill('input[name="since"]', "2025-01-01")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/events?quad=4&since=2025-01-01")
    published = page.locator("#events-table tbody tr td:nth-child(2)").all_inner_texts()
    assert published and all(day >= "2025-01-01" for day in published)
    page.click("text=Goldstein")
    page.wait_for_url("**sort=goldstein**")
    screenshot(page, "events")
    assert page.errors == []


def test_browser_timeline_map_and_network_render(server, page):
    page.goto(server + "/timeline")
    assert page.locator("#timeline-chart rect.bar").count() > 0
    heights = page.locator("#timeline-chart rect.bar").evaluate_all("bars => bars.map(b => b.getBBox().height)")
    assert all(h > 0 for h in heights)
    screenshot(page, "timeline")
    page.goto(server + "/map")
    assert page.locator("#event-map path.country").count() > 170
    locations = api(server, "/api/map")["locations"]
    circles = page.locator("#event-map circle.location")
    assert circles.count() == len(locations) > 0
    box = page.locator("#event-map").bounding_box()
    assert box["width"] > 600 and box["height"] > 300
    screenshot(page, "map")
    page.goto(server + "/network")
    assert page.locator("#network-chart path.edge").count() == len(api(server, "/api/network")["edges"]) > 0
    assert page.locator("#network-chart circle.node").count() > 1
    screenshot(page, "network")
    assert page.errors == []


def test_browser_xss_payloads_stay_inert(server, page):
    hostile = [article_url(server, "xss-001"), article_url(server, "layers-001"), server + "/articles",
               server + "/events", server + "/entities", server + "/quotes", server + "/network", server + "/map",
               server + "/entities/" + urllib.parse.quote('Ana Reyes <img src=x onerror="window.__xss=\'layers\'">',
                                                          safe=""),
               server + "/", server + "/articles?q=" + urllib.parse.quote("<script>alert(1)</script>"),
               server + "/outlets", server + "/outlets/" + urllib.parse.quote(XSS_ARTICLE["outlet"], safe=""),
               server + "/canonical", *(server + "/canonical/" + canonical_id for canonical_id in sorted(
                   {r["canonical_id"] for r in api(server, "/api/events", limit=1000)["rows"]
                    if r["article_id"] in ("xss-001", "layers-001")}))]
    for url in hostile:
        page.goto(url)
        assert page.evaluate("() => window.__xss") is None, url
        assert page.locator("script").count() == 1, url  # app.js, nothing from the data
        assert page.locator("[onerror], [onload], [onclick], [onmouseover]").count() == 0, url
        assert page.evaluate("""() => [...document.querySelectorAll('a[href]')]
            .filter(a => a.protocol === 'javascript:').length""") == 0, url
    page.goto(article_url(server, "xss-001"))
    assert "<script>window.__xss='text'; alert('text')</script>" in page.inner_text("#article-text")
    assert page.inner_text(".unsafe-url") == XSS_ARTICLE["url"]
    assert page.locator("a.source-url").count() == 0
    page.click("#article-text a.mark >> nth=0")  # entity links lead to entity pages, nothing else
    assert "/entities/" in page.url
    page.goto(article_url(server, "xss-001"))
    assert page.evaluate("() => window.__xss") is None
    assert page.dialogs == [] and page.errors == []


def test_browser_founding_example_shows_its_events_quotes_and_framing_at_their_spans(server, page):
    if not FOUNDING.exists():
        pytest.skip(f"{FOUNDING} is absent: the founding example lives in ../shared")
    rows = api(server, "/api/articles", outlet="Islam Times")["rows"]
    assert len(rows) == 1
    record = api(server, "/api/articles/" + urllib.parse.quote(rows[0]["id"], safe=""))
    page.goto(article_url(server, rows[0]["id"]))
    assert_highlighted_exactly(page, record)
    assert_panel_shows_each_event(page, record)
    strike = [e for e in record["events"] if (e["date"]["value"] or "").startswith("2020-01")
              and e["location"] and "Baghdad" in e["location"]["name"]]
    assert strike, "the 2020 strike near Baghdad is not among the coded events"
    for event in strike:
        assert page.locator(f'[data-key="{event["id"]}.trigger"]').count() >= 1
    direct = [q for q in record["quotes"] if q["kind"] == "direct" and q["speaker"]["name"] == "Ali Khamenei"]
    assert len(direct) == 2, "Khamenei's two direct quotes are not both attributed to him"
    marked = {f["text"].lower() for f in record["framing"]}
    assert {"martyrdom", "martyr", "onslaught", "assassinated"} <= marked
    screenshot(page, "article-founding-example")
    assert page.errors == []


def test_browser_from_an_event_to_how_every_outlet_told_it_and_on_to_an_outlet(server, page):
    told = max(api(server, "/api/canonical", limit=1000)["rows"], key=lambda r: (r["num_sources"], r["id"]))
    compared = api(server, "/api/canonical/" + urllib.parse.quote(told["id"], safe=""))
    first = compared["outlets"][0]["statements"][0]
    page.goto(server + "/events?limit=1000")  # the events table links each statement to its canonical event
    row = page.locator("#events-table tbody tr", has=page.locator(
        f'a[href="/articles/{urllib.parse.quote(first["article_id"])}#event-{first["event_id"]}"]'))
    row.locator("a.canonical-link").click()
    page.wait_for_url(f"**/canonical/{urllib.parse.quote(told['id'], safe='')}")
    shown = page.locator("#comparison tbody tr")
    assert shown.evaluate_all("rows => rows.map(r => r.dataset.outlet)") == [o["outlet"] for o in compared["outlets"]]
    for n, outlet in enumerate(compared["outlets"]):
        verbs = {s["verb"] for s in outlet["statements"] if s["verb"]}
        assert set(shown.nth(n).locator(".verb").all_inner_texts()) == verbs, outlet["outlet"]
        card = page.locator(".outlet-card").nth(n)
        assert card.locator(".statement").count() == len(outlet["statements"])
        assert card.locator(".statement-date").all_inner_texts() == [s["date"] or "undated"
                                                                     for s in outlet["statements"]]
    assert page.locator("main .event-date").inner_text() == (told["date"] or "undated")
    screenshot(page, "canonical-event")
    name = compared["outlets"][-1]["outlet"]
    shown.nth(len(compared["outlets"]) - 1).locator("td a").first.click()  # on to that outlet's page
    page.wait_for_url(f"**/outlets/{urllib.parse.quote(name)}")
    profile = api(server, "/api/outlets/" + urllib.parse.quote(name, safe=""))
    assert page.locator("main h1").inner_text() == name
    mix = page.locator("main svg.quad-mix rect.mix").evaluate_all(
        "rects => rects.map(r => [+r.dataset.quad, +r.dataset.events, r.getBBox().width])")
    assert {q: n for q, n, _ in mix} == {int(q): n for q, n in profile["quad"].items() if n}
    assert all(width > 0 for *_, width in mix) and sum(n for _, n, _ in mix) == profile["events"]
    assert page.locator(f'#outlet-canonical tr[data-canonical="{told["id"]}"]').count() == 1
    screenshot(page, "outlet")
    page.click("main .lede >> text=all outlets")
    page.wait_for_url("**/outlets")
    rows = page.locator("#outlets-table tbody tr")
    assert rows.count() == len(api(server, "/api/outlets")["rows"])
    screenshot(page, "outlets")
    page.goto(article_url(server, first["article_id"]))  # an article names its outlet, and leads to it
    page.click("a.outlet-link")
    page.wait_for_url("**/outlets/**")
    assert page.locator("main h1").inner_text() == compared["outlets"][0]["outlet"]
    assert page.errors == []


def test_browser_screenshots_of_every_page(server, page):
    pages = {"overview": "/", "articles": "/articles", "entities": "/entities", "quotes": "/quotes",
             "places": "/places", "entity": "/entities/Port%20Meridian", "api": "/api",
             "canonical-events": "/canonical",
             "article-demo": "/articles/demo-feed-001"}
    for name, path in pages.items():
        page.goto(server + path)
        assert page.locator("main h1").count() == 1, path
        screenshot(page, name)
    for name in pages:
        assert (SCREENSHOTS / f"{name}.png").stat().st_size > 5000, name
    assert page.errors == []
