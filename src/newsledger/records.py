"""Typed records that cross module boundaries, each with one serialisation to the published JSON contract.

The contract is ``docs/article.schema.json`` (a copy of ``newsledger.article/1``). Character offsets are Python
string indexes into ``Article.text``, the repaired body that newsledger stores and returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_ID = "newsledger.article/1"


@dataclass(slots=True)
class Article:
    """One input article after reading and text repair, before analysis."""

    id: str
    text: str
    outlet: str | None = None
    published: str | None = None  # YYYY-MM-DD
    title: str | None = None
    url: str | None = None
    source: str | None = None  # the file it came from, '<stdin>' for standard input
    line: int | None = None  # 1-based line of the record in its source

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "outlet": self.outlet, "published": self.published, "title": self.title,
                "url": self.url, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        return cls(id=data["id"], text=data["text"], outlet=data.get("outlet"), published=data.get("published"),
                   title=data.get("title"), url=data.get("url"))


@dataclass(slots=True)
class Reject:
    """An input record that could not be stored, with the reason and how to fix it."""

    source: str
    line: int | None
    reason: str
    fix: str
    raw: str | None = None

    def message(self) -> str:
        where = self.source if self.line is None else f"{self.source}:{self.line}"
        return f"{where}: {self.reason} — {self.fix}"

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "line": self.line, "reason": self.reason, "fix": self.fix, "raw": self.raw}


@dataclass(slots=True)
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Span:
        return cls(data["start"], data["end"], data["text"])


@dataclass(slots=True)
class Entity:
    """An in-document entity: mentions grouped under one canonical name."""

    id: str
    name: str
    type: str  # PERSON, ORG, GPE, NORP, LOC, FAC, ...
    mentions: list[Span] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV, MIL, REB, ...
    titles: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)  # other names used in this article (acronyms, short forms)
    roles: list[str] = field(default_factory=list)  # role nouns the text gives it ("Leader", "commander")
    basis: dict[str, str] = field(default_factory=dict)  # how country/sector were decided: {"country": "lexicon"}

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "sector": self.sector, "titles": list(self.titles), "aliases": list(self.aliases),
                "roles": list(self.roles), "basis": dict(self.basis),
                "mentions": [m.to_dict() for m in self.mentions]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Entity:
        return cls(id=data["id"], name=data["name"], type=data["type"],
                   mentions=[Span.from_dict(m) for m in data.get("mentions", [])],
                   country=data.get("country"), sector=data.get("sector"), titles=list(data.get("titles", [])),
                   aliases=list(data.get("aliases", [])), roles=list(data.get("roles", [])),
                   basis=dict(data.get("basis", {})))


@dataclass(slots=True)
class Actor:
    """The source or target of an event, as written in the sentence and as resolved."""

    text: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    start: int | None = None
    end: int | None = None
    entity: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "text": self.text, "name": self.name, "country": self.country,
                "sector": self.sector, "code": self.code, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Actor | None:
        if data is None:
            return None
        return cls(text=data["text"], name=data.get("name"), country=data.get("country"),
                   sector=data.get("sector"), code=data.get("code"), start=data.get("start"),
                   end=data.get("end"), entity=data.get("entity"))


@dataclass(slots=True)
class DateRef:
    """When an event happened as the text says it, with precision and basis."""

    value: str | None = None
    precision: str = "unknown"  # day, month, year, unknown
    basis: str = "unknown"  # explicit, relative, publication, unknown
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "precision": self.precision, "basis": self.basis, "text": self.text}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DateRef:
        return cls(data.get("value"), data.get("precision", "unknown"), data.get("basis", "unknown"),
                   data.get("text"))


@dataclass(slots=True)
class Place:
    """A resolved place: a toponym in the text, or an event's location."""

    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None
    start: int | None = None
    end: int | None = None
    text: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon,
                "geonameid": self.geonameid, "feature": self.feature, "start": self.start, "end": self.end}
        if self.text is not None:
            data["text"] = self.text
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> Place | None:
        if data is None:
            return None
        return cls(name=data["name"], country=data.get("country"), lat=data.get("lat"), lon=data.get("lon"),
                   geonameid=data.get("geonameid"), feature=data.get("feature"), start=data.get("start"),
                   end=data.get("end"), text=data.get("text"))


@dataclass(slots=True)
class Event:
    id: str
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    trigger: Span
    evidence: Span
    source: Actor | None = None
    target: Actor | None = None
    label: str | None = None
    plover: str | None = None
    date: DateRef = field(default_factory=DateRef)
    location: Place | None = None
    modality: str = "asserted"
    attributed_to: str | None = None
    rule: str | None = None
    confidence: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)  # later capabilities' fields (verb choice, ...)

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "cameo": self.cameo, "root": self.root, "label": self.label,
                "quad_class": self.quad_class, "goldstein": self.goldstein, "plover": self.plover,
                "source": self.source.to_dict() if self.source else None,
                "target": self.target.to_dict() if self.target else None,
                "date": self.date.to_dict(), "location": self.location.to_dict() if self.location else None,
                "modality": self.modality, "attributed_to": self.attributed_to,
                "trigger": self.trigger.to_dict(), "evidence": self.evidence.to_dict(),
                "rule": self.rule, "confidence": self.confidence}
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        known = {"id", "cameo", "root", "label", "quad_class", "goldstein", "plover", "source", "target", "date",
                 "location", "modality", "attributed_to", "trigger", "evidence", "rule", "confidence"}
        return cls(id=data["id"], cameo=data["cameo"], root=data["root"], quad_class=data["quad_class"],
                   goldstein=data["goldstein"], trigger=Span.from_dict(data["trigger"]),
                   evidence=Span.from_dict(data["evidence"]), source=Actor.from_dict(data.get("source")),
                   target=Actor.from_dict(data.get("target")), label=data.get("label"), plover=data.get("plover"),
                   date=DateRef.from_dict(data.get("date") or {}), location=Place.from_dict(data.get("location")),
                   modality=data.get("modality", "asserted"), attributed_to=data.get("attributed_to"),
                   rule=data.get("rule"), confidence=data.get("confidence"),
                   extra={k: v for k, v in data.items() if k not in known})


@dataclass(slots=True)
class Speaker:
    entity: str | None = None
    text: str | None = None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"entity": self.entity, "text": self.text, "name": self.name}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Speaker:
        return cls(data.get("entity"), data.get("text"), data.get("name"))


@dataclass(slots=True)
class Quote:
    id: str
    kind: str  # direct, indirect
    text: str
    start: int
    end: int
    speaker: Speaker = field(default_factory=Speaker)
    cue: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = {"id": self.id, "kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
                "cue": self.cue, "speaker": self.speaker.to_dict()}
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        known = {"id", "kind", "text", "start", "end", "cue", "speaker"}
        return cls(id=data["id"], kind=data["kind"], text=data["text"], start=data["start"], end=data["end"],
                   speaker=Speaker.from_dict(data.get("speaker") or {}), cue=data.get("cue"),
                   extra={k: v for k, v in data.items() if k not in known})


@dataclass(slots=True)
class TimeRef:
    """A time expression, normalised to a TIMEX3-style value."""

    text: str
    start: int
    end: int
    type: str  # date, time, duration, set
    value: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        data = {"text": self.text, "start": self.start, "end": self.end, "type": self.type, "value": self.value}
        data.update(self.extra)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TimeRef:
        known = {"text", "start", "end", "type", "value"}
        return cls(data["text"], data["start"], data["end"], data["type"], data.get("value"),
                   {k: v for k, v in data.items() if k not in known})


@dataclass(slots=True)
class FramingMark:
    text: str
    start: int
    end: int
    category: str
    term: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "category": self.category,
                "term": self.term}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FramingMark:
        return cls(data["text"], data["start"], data["end"], data["category"], data.get("term"))


@dataclass(slots=True)
class ArticleAnalysis:
    """Everything newsledger knows about one article: the contract record."""

    article: Article
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    times: list[TimeRef] = field(default_factory=list)
    framing: list[FramingMark] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # newsledger version, rule-set version

    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_ID, "article": self.article.to_dict(),
                "entities": [e.to_dict() for e in self.entities], "events": [e.to_dict() for e in self.events],
                "quotes": [q.to_dict() for q in self.quotes], "places": [p.to_dict() for p in self.places],
                "times": [t.to_dict() for t in self.times], "framing": [f.to_dict() for f in self.framing],
                "meta": dict(self.meta)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ArticleAnalysis:
        return cls(article=Article.from_dict(data["article"]),
                   entities=[Entity.from_dict(e) for e in data.get("entities", [])],
                   events=[Event.from_dict(e) for e in data.get("events", [])],
                   quotes=[Quote.from_dict(q) for q in data.get("quotes", [])],
                   places=[p for p in (Place.from_dict(p) for p in data.get("places", [])) if p is not None],
                   times=[TimeRef.from_dict(t) for t in data.get("times", [])],
                   framing=[FramingMark.from_dict(f) for f in data.get("framing", [])],
                   meta=dict(data.get("meta", {})))

    def entity(self, entity_id: str | None) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)
