"""An article's text as HTML, with every extracted span marked at its exact offsets.

Spans nest (a quote holds names, a place is also a name); where two spans cross, the later one is cut into parts
that carry the same ``data-key``, so that the parts of one span read together give its text. Everything taken from
the article or the analysis is escaped here; the result is safe to insert as Markup.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any
from urllib.parse import quote as url_quote

from markupsafe import Markup, escape

#: The layers a reader can switch on and off, outermost first when two spans cover the same characters.
LAYERS = ("quote", "place", "entity", "time", "source", "target", "trigger", "framing")
_RANK = {kind: n for n, kind in enumerate(LAYERS)}


@dataclass(frozen=True, slots=True)
class Mark:
    """One span to mark: ``key`` is unique on the page (``e3.1`` mention 1 of entity e3, ``v2.trigger``, ``q1``)."""

    start: int
    end: int
    kind: str
    key: str
    title: str
    css: str = ""
    href: str | None = None
    event: str | None = None


def marks(record: dict[str, Any]) -> list[Mark]:
    """The marks of a contract record (``ArticleAnalysis.to_dict()``): every layer of ``LAYERS``."""
    found: list[Mark] = []
    for entity in record.get("entities", []):
        title = " · ".join(str(x) for x in (entity["name"], entity["type"], entity.get("country"),
                                             entity.get("sector")) if x)
        for n, mention in enumerate(entity.get("mentions", [])):
            found.append(Mark(mention["start"], mention["end"], "entity", f"{entity['id']}.{n}", title,
                              css=f"type-{_css(entity['type'])}", href=entity_href(entity["name"])))
    for event in record.get("events", []):
        code = f"{event['cameo']} {event.get('label') or ''}".strip()
        trigger = event["trigger"]
        found.append(Mark(trigger["start"], trigger["end"], "trigger", f"{event['id']}.trigger",
                          f"{code} · quad class {event['quad_class']} · {event['modality']}",
                          css=f"quad-{event['quad_class']}", event=event["id"]))
        for role in ("source", "target"):
            actor = event.get(role)
            if actor and actor.get("start") is not None and actor.get("end") is not None:
                found.append(Mark(actor["start"], actor["end"], role, f"{event['id']}.{role}",
                                  f"{role} of {code}: {actor.get('name') or actor['text']}", event=event["id"]))
    for quote in record.get("quotes", []):
        speaker = quote.get("speaker") or {}
        found.append(Mark(quote["start"], quote["end"], "quote", quote["id"],
                          f"{quote['kind']} quote · {speaker.get('name') or speaker.get('text') or 'unknown speaker'}",
                          css=f"kind-{_css(quote['kind'])}"))
    for n, time in enumerate(record.get("times", []), start=1):
        found.append(Mark(time["start"], time["end"], "time", f"t{n}", f"{time['type']} {time.get('value') or ''}"))
    for n, place in enumerate(record.get("places", []), start=1):
        if place.get("start") is None or place.get("end") is None:
            continue
        where = ", ".join(str(x) for x in (place["name"], place.get("country")) if x)
        found.append(Mark(place["start"], place["end"], "place", f"p{n}",
                          f"{where} ({place.get('feature') or 'place'})"))
    for n, mark in enumerate(record.get("framing", []), start=1):
        found.append(Mark(mark["start"], mark["end"], "framing", f"f{n}",
                          f"{mark['category']}: {mark.get('term') or mark['text']}",
                          css=f"cat-{_css(mark['category'])}"))
    return found


def highlight(text: str, spans: Iterable[Mark]) -> Markup:
    """``text`` as escaped HTML with each mark a ``<span>`` (an ``<a>`` for entity links) around its characters."""
    valid = [m for m in spans if 0 <= m.start < m.end <= len(text)]
    ordered = sorted(valid, key=lambda m: (m.start, -m.end, _RANK.get(m.kind, len(LAYERS)), m.key))
    rank = {id(m): n for n, m in enumerate(ordered)}
    starting: dict[int, list[Mark]] = {}
    for mark in ordered:
        starting.setdefault(mark.start, []).append(mark)
    bounds = sorted({0, len(text), *(m.start for m in valid), *(m.end for m in valid)})
    out: list[str] = []
    stack: list[Mark] = []
    active: list[Mark] = []
    for a, b in pairwise(bounds):
        active = [m for m in active if m.end > a] + starting.get(a, [])
        covering = sorted(active, key=lambda m: rank[id(m)])
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] is covering[keep]:
            keep += 1
        for mark in reversed(stack[keep:]):
            out.append(_close(mark, stack))
        stack = stack[:keep]
        for mark in covering[keep:]:
            out.append(_open(mark, part=mark.start < a, linked=any(m.href for m in stack)))
            stack.append(mark)
        out.append(str(escape(text[a:b])))
    for mark in reversed(stack):
        out.append(_close(mark, stack))
    return Markup("".join(out))


def entity_href(name: str) -> str:
    return "/entities/" + url_quote(name, safe="")


def _open(mark: Mark, *, part: bool, linked: bool) -> str:
    attrs = {"class": f"mark {mark.kind} {mark.css}".strip(), "data-kind": mark.kind, "data-key": mark.key,
             "data-start": mark.start, "data-end": mark.end, "title": mark.title}
    if mark.event:
        attrs["data-event"] = mark.event
    if part:
        attrs["data-part"] = "1"
    tag = "span"
    if mark.href and not linked:
        tag, attrs["href"] = "a", mark.href
    return f"<{tag} " + " ".join(f'{name}="{escape(value)}"' for name, value in attrs.items()) + ">"


def _close(mark: Mark, stack: list[Mark]) -> str:
    below = stack[:stack.index(mark)]
    return "</a>" if mark.href and not any(m.href for m in below) else "</span>"


def _css(value: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in str(value).lower())
