"""Places named in an article, resolved offline to a name, country, point, GeoNames id and feature type.

Toponyms are the GPE, LOC and FAC entities of the :class:`EntityIndex` (one per mention, leading "the" left
out) and the demonyms among its NORP mentions (``Iraqi`` → Iraq, ``European`` → Europe). Each name's
candidates come from the :class:`PlaceIndex`; the one chosen scores highest on its prior (the population it
stands for) plus the article's context: the countries its other places and its people and organisations
belong to, and the states, provinces and counties it names (``Paris`` in an article about Texas is Paris,
Texas; in an article about the United States alone it is still Paris, France), and the article's other towns
within 100 km (``London`` beside St. Thomas is London, Ontario). A name followed by a comma and
a state or country (``London, Ontario``, ``Paris, Mo.``) is read inside that state or country first. A city
found only under an alternate name loses to one that bears the name. Small towns are read only where the
article names their county or qualifies the name with their state. A name keeps one reading throughout an
article. Context is read twice: once from the names that are unambiguous, then again with the cities the
first pass chose.

Nothing is invented: a toponym no source knows stays in the list with its name and text, and null country,
coordinates, GeoNames id and feature.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from ..datafiles import Row, load_rows
from ..records import Place
from .entities import EntityIndex
from .gazetteer import Gazetteer, gazetteer
from .lexicons import Lexicons, name_key
from .placenames import Candidate, PlaceIndex
from .syntax import syntax_view

PLACE_LABELS = ("GPE", "LOC", "FAC")
CITY_POPULATION = 5000
_CONTEXT_PRESENT, _CONTEXT_SHARE, _CONTEXT_ADMIN, _CONTEXT_COUNTY = 0.75, 0.75, 2.0, 1.5
_CONTEXT_NEAR, _CONTEXT_STATE_OF_CITY = 1.5, 0.5
NEAR_KM = 100.0
_LOCAL_FEATURES = ("city", "county", "airport")
_QUALIFIED, _ALTERNATE = 3.0, 2.0
_COMMA = re.compile(r"\s*,\s*$")


@dataclass(slots=True)
class Toponym:
    start: int  # character offsets
    end: int
    text: str
    names: tuple[str, ...]  # what to look up: the words as written, then the entity's canonical name
    demonym: Candidate | None = None
    within: str = ""  # the key of the name right after it and a comma ("Ontario" in "London, Ontario")


class PlaceFinder:
    """Finds and resolves places; built once per pipeline (it holds the name index)."""

    def __init__(self, lexicons: Lexicons, cities: Gazetteer | None = None, *,
                 extra_dirs: Sequence[str | Path] = ()) -> None:
        self.index = PlaceIndex(lexicons, cities or gazetteer(CITY_POPULATION), extra_dirs)
        self.lexicons = lexicons
        rows = load_rows("place_qualifiers.tsv", ("word", "position"), extra_dirs, check=_check_qualifier)
        words = {position: "|".join(re.escape(r["word"]).replace(r"\ ", r"\s+") for r in rows
                                    if r["position"] == position) for position in ("prefix", "suffix")}
        self._qualifiers = re.compile(rf"^(?:(?:{words['prefix']})\s+)?(.+?)(?:\s+(?:{words['suffix']}))?$",
                                      re.IGNORECASE)

    def find(self, doc: Doc, entities: EntityIndex, published: str | None = None) -> list[Place]:
        return self.resolve(self.toponyms(doc, entities), entities)

    def resolve(self, toponyms: list[Toponym], entities: EntityIndex) -> list[Place]:
        """The place each toponym names, read in the context of all of them and of the article's entities."""
        names = _by_name(toponyms)
        within: dict[str, set[str]] = {}
        for toponym in toponyms:
            if toponym.within and toponym.names:
                within.setdefault(_key(toponym), set()).add(toponym.within)
        chosen = {key: self._unambiguous(t) for key, t in names.items()}
        for _ in range(2):
            shares = self._contributions(toponyms, chosen)
            base = self._entity_context(entities)
            for own in shares.values():
                base.update(own)
            points = {key: (c.lat, c.lon) for key, c in chosen.items()
                      if c is not None and c.lat is not None and c.feature in _LOCAL_FEATURES}
            chosen = {key: self._choose(self._candidates(t), base - shares.get(key, Counter()),
                                        [chosen.get(k) for k in within.get(key, ())],
                                        [point for other, point in points.items() if other != key])
                      for key, t in names.items()}
        return [_place(t, t.demonym or chosen.get(_key(t))) for t in toponyms]

    def toponyms(self, doc: Doc, entities: EntityIndex) -> list[Toponym]:
        """Place mentions: GPE/LOC/FAC entities, demonyms, and well-known place names inside organisations'
        names or that NER took for a person's or an organisation's name (``Kentucky State Police``)."""
        found = []
        for start, end, entity, _ in entities.spans:
            if entity.type == "NORP":
                candidate = self._demonym(doc[start:end].text)
                if candidate is not None:
                    found.append(_toponym(doc, start, end, (), candidate))
            elif entity.type in PLACE_LABELS:
                while start < end - 1 and doc[start].lower_ == "the":
                    start += 1
                found.append(_toponym(doc, start, end, (doc[start:end].text, entity.name)))
            elif entity.type == "ORG":
                found.extend(self._inside_name(doc, start, end, whole=entity.sector is None))
            elif entity.type == "PERSON" and end - start == 1 and " " not in entity.name and not entity.titles:
                found.extend(self._inside_name(doc, start, end, whole=True))
        _mark_qualified(found, syntax_view(doc).text)
        return found

    def _demonym(self, text: str) -> Candidate | None:
        if text.endswith("s") and self.index.demonym(text[:-1]) is not None:
            return None  # "Americans" are people; "American" names the place
        return self.index.demonym(text)

    def _inside_name(self, doc: Doc, start: int, end: int, whole: bool) -> list[Toponym]:
        found, i = [], start
        while i < end:
            for size in range(min(4, end - i), 0, -1):
                words = doc[i:i + size]
                if (size == end - start and not whole) or not all(t.is_title or t.is_upper for t in words):
                    continue
                demonym = self._demonym(words.text)
                if demonym is not None or self.index.strong(words.text) is not None:
                    found.append(_toponym(doc, i, i + size, () if demonym else (words.text,), demonym))
                    i += size - 1
                    break
            i += 1
        return found

    def _candidates(self, toponym: Toponym) -> list[Candidate]:
        for name in toponym.names:
            candidates = self.index.candidates(name)
            if candidates:
                return candidates
        for name in toponym.names:
            core = self._qualifiers.match(name)
            if core is not None and core.group(1) != name:
                return [c for c in self.index.candidates(core.group(1)) if c.feature != "airport"]
        return []

    def _choose(self, candidates: list[Candidate], context: Counter, within: Sequence[Candidate | None] = (),
                nearby: Sequence[tuple[float, float]] = ()) -> Candidate | None:
        """The best reading: its prior plus the weight of its country, state and county in the article's context,
        of the state or country written after it (``within``) and of the article's other towns within
        ``NEAR_KM`` (``nearby``). ``context`` counts countries (iso3), states named ((iso3, admin1) pairs),
        the states of the towns named (("city state", iso3, admin1): weak evidence, or Chicago would make Paris
        a town in Illinois) and counties (("county", iso3, admin1, name))."""
        total = sum(n for key, n in context.items() if isinstance(key, str)) or 1
        areas = [w for w in within if w is not None and w.feature not in ("city", "airport")]

        def qualified(c: Candidate) -> bool:
            return any(c.country == w.country and (w.feature == "country" or (c.admin1 and c.admin1 == w.admin1))
                       for w in areas)

        def score(c: Candidate) -> float:
            value = c.prior - (_ALTERNATE if c.alternate else 0.0)
            if context[c.country] > 0:
                value += _CONTEXT_PRESENT + _CONTEXT_SHARE * context[c.country] / total
            if c.admin1 and context[(c.country, c.admin1)] > 0:
                value += _CONTEXT_ADMIN
            elif c.admin1 and context[("city state", c.country, c.admin1)] > 0:
                value += _CONTEXT_STATE_OF_CITY
            if c.lat is not None and any(_km(c.lat, c.lon, lat, lon) <= NEAR_KM for lat, lon in nearby):
                value += _CONTEXT_NEAR
            if c.county and context[("county", c.country, c.admin1, c.county)] > 0:
                value += _CONTEXT_COUNTY
            return value + (_QUALIFIED if qualified(c) else 0.0)

        eligible = [c for c in candidates if not c.local or qualified(c)
                    or context[("county", c.country, c.admin1, c.county)] > 0]
        if not eligible:
            return None
        return max(eligible, key=lambda c: (score(c), -candidates.index(c)))

    def _entity_context(self, entities: EntityIndex) -> Counter:
        """The countries of the article's people and organisations (places are read from their names)."""
        return Counter(e.country for e in entities.entities
                       if e.country and e.type not in PLACE_LABELS and e.type != "NORP")

    def _contributions(self, toponyms: list[Toponym], chosen: dict[str, Candidate | None]
                       ) -> dict[str, Counter]:
        """What each name adds to the context (its country and state, once per mention), keyed by name, so
        that a name is never read in a context it made itself."""
        shares: dict[str, Counter] = {}
        for toponym in toponyms:
            candidate = toponym.demonym or chosen.get(_key(toponym))
            if candidate is None or candidate.country is None:
                continue
            share = shares.setdefault(_key(toponym) if not toponym.demonym else f"demonym:{toponym.text}",
                                      Counter())
            share[candidate.country] += 1
            if candidate.admin1 and candidate.feature in _LOCAL_FEATURES:
                share[("city state", candidate.country, candidate.admin1)] += 1
            elif candidate.admin1:
                share[(candidate.country, candidate.admin1)] += 1
            if candidate.feature == "county":
                share[("county", candidate.country, candidate.admin1, candidate.county)] += 1
        return shares

    def _unambiguous(self, toponym: Toponym) -> Candidate | None:
        """A name whose strongest reading is a country, continent or state and that no other reading rivals."""
        candidates = [c for c in self._candidates(toponym) if not c.local]
        if not candidates:
            return None
        best = max(candidates, key=lambda c: c.prior)
        rivals = [c for c in candidates if c is not best and c.prior >= best.prior - 1.0]
        return best if best.feature != "city" and not rivals else None


def _check_qualifier(row: Row) -> None:
    if row["position"] not in ("prefix", "suffix") or not row["word"]:
        raise row.error(f"bad row {row['word']!r} {row['position']!r}", fix="give a word and prefix or suffix")


def _toponym(doc: Doc, start: int, end: int, names: tuple[str, ...], demonym: Candidate | None = None
             ) -> Toponym:
    first, last = doc[start], doc[end - 1]
    return Toponym(first.idx, last.idx + len(last.text), doc[start:end].text, names, demonym)


def _mark_qualified(toponyms: list[Toponym], text: str) -> None:
    """``London, Ontario``: a name right after another and a comma may say where the first one lies."""
    ordered = sorted(toponyms, key=lambda t: t.start)
    for first, second in zip(ordered, ordered[1:]):
        if first.names and second.names and first.end < second.start <= first.end + 3 \
                and _COMMA.match(text[first.end:second.start]):
            first.within = _key(second)


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine), in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def _key(toponym: Toponym) -> str:
    return name_key(toponym.names[0]) if toponym.names else ""


def _by_name(toponyms: list[Toponym]) -> dict[str, Toponym]:
    return {_key(t): t for t in toponyms if t.names}


def _place(toponym: Toponym, candidate: Candidate | None) -> Place:
    if candidate is None:
        return Place(name=toponym.text, start=toponym.start, end=toponym.end, text=toponym.text)
    return Place(name=candidate.name, country=candidate.country, lat=candidate.lat, lon=candidate.lon,
                 geonameid=candidate.geonameid, feature=candidate.feature, start=toponym.start,
                 end=toponym.end, text=toponym.text)
