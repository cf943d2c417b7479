"""The explorer's fixtures: one real ledger built through the real CLI from the demo corpus, an article full of
XSS payloads, three outlets telling one event, the founding example when ../shared is there, and one hand-built
record that carries every layer (quotes, framing, crossing spans) whatever the extractors produce today; a running
server; a browser."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import DEMO, FOUNDING, ROOT
from newsledger.records import (Actor, Article, ArticleAnalysis, DateRef, Entity, Event, FramingMark, Place, Quote,
                                Span, Speaker, TimeRef)

SCREENSHOTS = ROOT / "demo" / "out" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

XSS_ARTICLE = {
    "id": "xss-001",
    "outlet": "<script>window.__xss='outlet'</script>Hostile Wire",
    "date": "2025-02-03",
    "title": "<img src=x onerror=\"window.__xss='title'\">Police arrest protesters in Brussels",
    "url": "javascript:window.__xss='url'",
    "text": ("BRUSSELS - Police arrested 17 protesters in Brussels on Monday, the interior ministry said. "
             "<script>window.__xss='text'; alert('text')</script> "
             "The European Union condemned the violence. "
             "<img src=x onerror=\"window.__xss='img'\"> <a href=\"javascript:window.__xss='link'\">read more</a> "
             "\"We will not be silenced,\" said Marie Dubois, a spokeswoman for the protesters, "
             "<svg onload=\"window.__xss='svg'\"></svg>."),
}

PAYLOAD = '<img src=x onerror="window.__xss=\'layers\'">'

#: One event told by three outlets in their own words (fictional, written for these tests): a neutral wire
#: ("killed"), an outlet with loaded words ("regime", "assassinated", "martyred") and one that quotes the side
#: that struck. The canonical-event and outlet pages compare them.
SAME_EVENT = [
    {"id": "kirkuk-northern-wire", "outlet": "Northern Wire", "date": "2025-03-15",
     "title": "Drone strike kills militia commander near Kirkuk airport",
     "url": "https://example.org/northern-wire/kirkuk-drone-strike",
     "text": ("KIRKUK — A Turkish drone strike killed militia commander Tariq al-Nouri near Kirkuk airport in "
              "northern Iraq on Friday.\n\n"
              "The strike on March 14, 2025 also killed two of his bodyguards, according to the Kirkuk provincial "
              "council.\n\n"
              "\"The commander was killed instantly when the missile hit his car,\" said Omar Saleh, a police "
              "spokesman in Kirkuk.\n\n"
              "Iraq's foreign ministry summoned the Turkish ambassador in Baghdad on Saturday.")},
    {"id": "kirkuk-levant-monitor", "outlet": "The Levant Monitor", "date": "2025-03-15",
     "title": "Turkish regime assassinates resistance commander in Kirkuk",
     "url": "https://example.org/levant-monitor/kirkuk-assassination",
     "text": ("The Turkish regime assassinated resistance commander Tariq al-Nouri in a cowardly drone strike near "
              "Kirkuk airport on Friday. The attack also martyred two of his companions.\n\n"
              "The so-called counter-terrorism operation on 14 March 2025 was a flagrant violation of Iraqi "
              "sovereignty, said Hadi Jaber, a spokesman for the commander's brigade.\n\n"
              "“His blood will not be wasted,” Jaber said.")},
    {"id": "kirkuk-capital-observer", "outlet": "Capital Observer", "date": "2025-03-16",
     "title": "Turkey says drone strike in northern Iraq hit a militant commander",
     "url": "https://example.org/capital-observer/turkey-iraq-strike",
     "text": ("ANKARA — Turkey killed militia commander Tariq al-Nouri in a drone strike near Kirkuk airport on "
              "March 14.\n\n"
              "\"We neutralised a terrorist who planned attacks on our soldiers,\" Turkish defence ministry "
              "spokesman Zeki Akturk told reporters in Ankara on Saturday.\n\n"
              "Iraq's foreign ministry condemned the strike as a violation of its sovereignty.")},
]


def layers_record() -> ArticleAnalysis:
    """A record with one span of every layer, written by hand: a direct quote that a framing mark crosses, an
    event with its source, target, date and location, and names that are themselves XSS payloads."""
    text = ('Sentence one. "The so-called council <b>bombed</b> the harbour of Port Meridian," Ana Reyes said '
            'on 4 March 2024. The regime denied it.')

    def span(fragment: str, nth: int = 0) -> Span:
        start = -1
        for _ in range(nth + 1):
            start = text.index(fragment, start + 1)
        return Span(start, start + len(fragment), fragment)

    council, bombed, harbour = span("council"), span("bombed"), span("harbour of Port Meridian")
    reyes, date_span, regime = span("Ana Reyes"), span("4 March 2024"), span("The regime")
    quote_start = text.index('"The so-called')
    quote_end = text.index('," Ana') + 2
    quote_text = text[quote_start:quote_end]
    crossing = span('Meridian," Ana')  # crosses the end of the quote
    return ArticleAnalysis(
        article=Article(id="layers-001", text=text, outlet="Layer Gazette", published="2024-03-05",
                        title=f"Every layer {PAYLOAD}", url="JavaScript:window.__xss='layers-url'"),
        entities=[Entity("e1", f"Ana Reyes {PAYLOAD}", "PERSON", [reyes], country="ESP", sector="GOV"),
                  Entity("e2", "Port Meridian", "GPE", [span("Port Meridian")], country="ESP")],
        events=[Event("v1", "195", "19", 4, -10.0, trigger=bombed, evidence=span(text[14:quote_end - 2]),
                      source=Actor("council", name=f"Council {PAYLOAD}", country="ESP", start=council.start,
                                   end=council.end),
                      target=Actor("harbour of Port Meridian", name="Port Meridian", country="ESP",
                                   start=harbour.start, end=harbour.end, entity="e2"),
                      label=f"Employ aerial weapons {PAYLOAD}",
                      date=DateRef("2024-03-04", "day", "explicit", "4 March 2024"),
                      location=Place("Port Meridian", "ESP", 40.0, -3.0, feature="city"), rule="hand-written")],
        quotes=[Quote("q1", "direct", quote_text, quote_start, quote_end, Speaker("e1", "Ana Reyes", "Ana Reyes"),
                      cue="said")],
        places=[Place("Port Meridian", "ESP", 40.0, -3.0, feature="city", start=span("Port Meridian").start,
                      end=span("Port Meridian").end, text="Port Meridian")],
        times=[TimeRef(date_span.text, date_span.start, date_span.end, "date", "2024-03-04")],
        framing=[FramingMark(span("so-called").text, span("so-called").start, span("so-called").end, "distancing",
                             "so-called"),
                 FramingMark(regime.text, regime.start, regime.end, "delegitimising_label", "regime"),
                 FramingMark(crossing.text, crossing.start, crossing.end, "scare_quote", None)],
    )


@pytest.fixture(scope="session")
def explorer_db(tmp_path_factory) -> Path:
    """A ledger built by `newsledger ingest` (demo corpus, the XSS article, one event told by three outlets, the
    founding example if present), plus the hand-built record written through the same store and brought into the
    corpus layer."""
    from newsledger import corpus
    from newsledger.store.ledger import Ledger

    folder = tmp_path_factory.mktemp("explorer")
    db = folder / "explorer.duckdb"
    xss = folder / "xss.jsonl"
    xss.write_text(json.dumps(XSS_ARTICLE) + "\n", encoding="utf-8")
    same_event = folder / "same-event.jsonl"
    same_event.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in SAME_EVENT), encoding="utf-8")
    inputs = [str(DEMO), str(xss), str(same_event)] + ([str(FOUNDING)] if FOUNDING.exists() else [])
    result = subprocess.run([sys.executable, "-m", "newsledger.cli", "ingest", *inputs, "--db", str(db), "--quiet"],
                            capture_output=True, text=True, cwd=ROOT, timeout=900)
    assert result.returncode == 0, result.stderr
    with Ledger(db) as ledger:
        assert ledger.write([layers_record()]) == 1
        corpus.update(ledger)  # as an ingest would: the record joins the corpus entities and canonical events
    return db


@pytest.fixture(scope="session")
def app(explorer_db, pipeline):
    from newsledger.serve import create_app

    return create_app(explorer_db, pipeline=pipeline)


@pytest.fixture(scope="session")
def client(app):
    from fastapi.testclient import TestClient

    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def server(explorer_db):
    """`newsledger serve` on a free port, as a user starts it; its base URL."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "newsledger.cli", "serve", "--db", str(explorer_db),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(base + "/api/stats", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"newsledger serve did not start: {process.communicate()[1]}")
            time.sleep(0.2)
    yield base
    process.terminate()
    process.communicate(timeout=30)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is absent: `apt-get install chromium` to run the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def screenshot(tab, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
