"""The article text as HTML with every span marked at its exact offsets, and nothing from the text unescaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from newsledger.serve.highlight import LAYERS, Mark, highlight, marks

from .conftest import layers_record


class Spans(HTMLParser):
    """Collects the text inside each marked element, joined over the parts of a span cut by a crossing one."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[dict] = []
        self.text: dict[str, str] = {}
        self.attrs: dict[str, dict] = {}
        self.plain: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        found = dict(attrs)
        self.open.append(found)
        if "data-key" in found:
            self.attrs.setdefault(found["data-key"], found)
            self.text.setdefault(found["data-key"], "")

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        self.plain.append(data)
        for found in self.open:
            if "data-key" in found:
                self.text[found["data-key"]] += data


def parse(html: str) -> Spans:
    parser = Spans()
    parser.feed(str(html))
    return parser


def test_highlight_nested_spans_each_read_their_own_text():
    text = "Ali Khamenei met Soleimani's family in Tehran."
    spans = [Mark(0, 12, "entity", "e1.0", "Ali Khamenei", href="/entities/Ali%20Khamenei"),
             Mark(0, 45, "quote", "q1", "quote"), Mark(13, 16, "trigger", "v1.trigger", "040", event="v1"),
             Mark(39, 45, "place", "p1", "Tehran"), Mark(39, 45, "entity", "e2.0", "Tehran", href="/entities/Tehran")]
    found = parse(highlight(text, spans))
    assert "".join(found.plain) == text
    assert {key: found.text[key] for key in found.text} == {
        "e1.0": "Ali Khamenei", "q1": text[:45], "v1.trigger": "met", "p1": "Tehran", "e2.0": "Tehran"}
    assert found.attrs["v1.trigger"]["data-event"] == "v1"
    assert (found.attrs["p1"]["data-start"], found.attrs["p1"]["data-end"]) == ("39", "45")


def test_highlight_crossing_spans_are_cut_into_parts_that_join_to_the_span():
    text = "abcdefghij"
    found = parse(highlight(text, [Mark(0, 6, "quote", "q1", ""), Mark(4, 9, "framing", "f1", "")]))
    assert found.text == {"q1": "abcdef", "f1": "efghi"}
    assert "".join(found.plain) == text


def test_highlight_escapes_the_text_and_every_attribute():
    text = '<script>alert(1)</script> and "quotes" & <img src=x onerror=alert(2)>'
    html = str(highlight(text, [Mark(0, 8, "entity", 'e"1', 'x" onmouseover="alert(3)',
                                     href="/entities/%3Cscript%3E")]))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'onmouseover="' not in html
    found = parse(html)
    assert "".join(found.plain) == text
    assert found.tags == ["a"]


def test_highlight_skips_spans_outside_the_text():
    text = "short"
    found = parse(highlight(text, [Mark(-1, 2, "entity", "a", ""), Mark(3, 99, "time", "b", ""),
                                   Mark(2, 2, "place", "c", ""), Mark(1, 4, "framing", "d", "")]))
    assert found.text == {"d": "hor"}


def test_highlight_never_nests_a_link_in_a_link():
    text = "New York City"
    html = str(highlight(text, [Mark(0, 13, "entity", "e1.0", "", href="/entities/a"),
                                Mark(0, 8, "entity", "e2.0", "", href="/entities/b")]))
    assert html.count("<a ") == 1 and html.count("</a>") == 1
    assert parse(html).text == {"e1.0": "New York City", "e2.0": "New York"}


def test_highlight_marks_cover_every_layer_of_a_record():
    record = layers_record().to_dict()
    found = marks(record)
    assert {m.kind for m in found} == set(LAYERS)
    text = record["article"]["text"]
    spans = parse(highlight(text, found))
    for mark in found:
        assert spans.text[mark.key] == text[mark.start:mark.end], mark


@pytest.mark.parametrize("kind", LAYERS)
def test_highlight_layer_class_names_are_stable(kind):
    html = str(highlight("word", [Mark(0, 4, kind, "k", "")]))
    assert re.search(rf'class="mark {kind}\b', html)
