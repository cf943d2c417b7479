from __future__ import annotations

import socket

import pytest

PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Port strike ends after talks | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Port strike ends after talks">
<meta property="og:url" content="https://harbourgazette.example/news/port-strike-ends">
<meta property="article:published_time" content="2021-06-14T09:30:00Z">
</head><body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Port strike ends after talks</h1>
<p>Dock workers in the northern port returned to work on Monday after union leaders and the port authority agreed
a new pay deal late on Sunday night.</p>
<p>The strike, which lasted eleven days, had left more than forty container ships waiting offshore and delayed
deliveries of fuel and grain to the region.</p>
<p>"We have secured a fair settlement for our members," the union's regional secretary told reporters outside the
harbour office.</p>
</article><footer>Copyright 2021 Harbour Gazette</footer></body></html>
"""


@pytest.fixture
def offline(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("reading HTML must not touch the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize("name", ["page.html", "page.htm"])
def test_htmlpage_extracts_text_and_metadata_offline(offline, write, read, name: str) -> None:
    articles, rejects = read(write(name, PAGE))
    assert rejects == []
    [article] = articles
    assert (article.title, article.outlet, article.published, article.url, article.line) == (
        "Port strike ends after talks", "Harbour Gazette", "2021-06-14",
        "https://harbourgazette.example/news/port-strike-ends", 1)
    assert article.text.startswith("Dock workers in the northern port returned to work on Monday")
    assert "eleven days" in article.text
    assert "Copyright" not in article.text and "Home" not in article.text


def test_htmlpage_without_article_text_is_rejected(offline, write, read) -> None:
    shell = "<html><head><title>Loading</title><script>start()</script></head><body><div id=app></div></body></html>"
    articles, rejects = read(write("app.html", shell))
    assert articles == []
    assert [(r.line, r.reason) for r in rejects] == [(1, "no article text found in the HTML page")]
    assert rejects[0].raw.startswith("<html>")


def test_htmlpage_options_fill_missing_metadata(offline, write, read) -> None:
    page = PAGE.replace('<meta property="article:published_time" content="2021-06-14T09:30:00Z">', "")
    page = page.replace('<meta property="og:site_name" content="Harbour Gazette">', "")
    page = page.replace('<meta property="og:url" content="https://harbourgazette.example/news/port-strike-ends">', "")
    page = page.replace("Copyright 2021 Harbour Gazette", "")
    [article], _ = read(write("page.html", page), outlet="Harbour Gazette (print)", published="2021-06-15")
    assert (article.outlet, article.published, article.url) == ("Harbour Gazette (print)", "2021-06-15", None)
