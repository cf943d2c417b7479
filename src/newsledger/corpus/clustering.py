"""Which event statements tell the same real-world event: the pairwise test, blocking, and clustering.

Pure functions over :class:`Statement` (no ledger): :mod:`newsledger.corpus.canonical` reads the statements and
writes the result. Two statements are *linked* when nothing about them disagrees (family of act, actors, dates,
places) and enough agrees; the less precise the dates, the more the actors must agree, because "the US attacked
Iran" with no date could be any of a dozen attacks while "the assassination of Qassem Soleimani" is one.
Links are a pure function of the two statements, so their connected components do not depend on the order in
which articles arrived. Inside a component, :func:`refine` splits what chains of links joined but that
disagree (a 2019 plot and the 2020 killing joined by an undated mention of both) into canonical events.
"""

from __future__ import annotations

import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..datafiles import load_rows
from ..extract.lexicons import name_key

POLICIES = ("speaker", "verbal", "material")
SPECIFIC_TYPES = ("PERSON", "ORG")  # named actors; GPE and NORP stand for a country, places say where
PLACE_TYPES = ("GPE", "LOC", "FAC")
PAST_MODALITIES = ("asserted", "claimed", "negated")  # reports of acts already done: on or before publication
REPORTED = ("claimed", "negated")  # their date may be the day of the claim or denial
PRECISIONS = ("day", "month", "year")
#: How much the actors must agree for a link, by the precision at which the dates agree (``None``: one date
#: or both unknown). Scores: a named person on both sides 3, a named organisation 2, the same country 1.
NEEDED = {"day": 2, "month": 3, "year": 4, None: 4}
SAME_TARGET_NEEDED = 3  # ... or this much when the target is one named actor (a person is killed once)


@dataclass(frozen=True, slots=True)
class Family:
    name: str
    policy: str
    symmetric: bool
    place_target: bool  # a place named as the target says where, not whom


@functools.cache
def families() -> dict[str, Family]:
    """CAMEO root → family, from ``data/event_families.tsv``."""
    found: dict[str, Family] = {}
    for row in load_rows("event_families.tsv", ("root", "family", "policy", "symmetric", "place_target")):
        if row["policy"] not in POLICIES:
            raise row.error(f"policy {row['policy']!r}", fix="write " + ", ".join(POLICIES))
        for column, allowed in (("symmetric", ("yes", "no")), ("place_target", ("location", "actor"))):
            if row[column] not in allowed:
                raise row.error(f"{column} {row[column]!r}", fix=" or ".join(allowed))
        found.setdefault(row["root"], Family(row["family"], row["policy"], row["symmetric"] == "yes",
                                             row["place_target"] == "location"))
    return found


@functools.cache
def country_names() -> frozenset[str]:
    """Name keys of every country name and alias: a GPE named so stands for the country as a whole."""
    keys = set()
    for row in load_rows("countries.tsv", ("iso3", "name", "aliases", "demonyms", "capital")):
        keys.update(name_key(n) for n in [row["name"], *row.values("aliases")] if n)
    return frozenset(keys)


@dataclass(frozen=True, slots=True)
class Actor:
    """A statement's source or target as clustering sees it. ``key`` is the corpus entity (``e:``), the
    in-article entity by name and country while no corpus id exists (``n:``), or the country (``c:``)."""

    key: str
    specific: bool  # a named person or organisation, not a whole country
    person: bool
    country: str | None
    corpus_id: str | None  # the corpus entity the actor was linked to, whatever its level
    name: str | None
    kind: str | None = None  # an unnamed thing of one kind (data/actor_kinds.tsv): "a Ukrainian passenger plane"


@dataclass(frozen=True, slots=True)
class When:
    """A statement's date as an interval. ``hard`` dates come from the text (explicit or relative to the
    publication date); the publication date standing in for a date the text does not give is not one."""

    lo: date | None = None
    hi: date | None = None
    precision: str | None = None  # day, month, year for hard dates
    slack: int = 0  # days of tolerance: "Thursday night" in Washington is Friday in Baghdad
    ceiling: date | None = None  # the latest possible date: a report is published after the act
    value: str | None = None
    basis: str | None = None

    @property
    def hard(self) -> bool:
        return self.precision is not None


@dataclass(frozen=True, slots=True)
class Where:
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None


@dataclass(frozen=True, slots=True)
class Statement:
    article_id: str
    event_id: str
    outlet: str | None
    published: date | None
    cameo: str
    root: str
    label: str | None
    quad_class: int | None
    goldstein: float | None
    plover: str | None
    modality: str
    family: Family
    source: Actor | None
    target: Actor | None
    when: When
    where: Where | None  # only where it tells something: not the country of an actor
    place: Where | None  # the location as the text gave it, for the canonical event's place
    source_link: str | None = None  # the corpus entities the actors' in-article entities were linked to
    target_link: str | None = None

    @property
    def key(self) -> tuple[str, str]:
        return (self.article_id, self.event_id)


# -- from ledger rows ----------------------------------------------------------------------------------------


@dataclass(slots=True)
class ActorRow:
    entity: str | None
    type: str | None  # the in-article entity's type
    entity_name: str | None
    corpus_id: str | None
    corpus_name: str | None
    name: str | None
    text: str | None
    country: str | None


def make_statement(*, article_id: str, event_id: str, outlet: str | None, published: date | None, cameo: str,
                   root: str, label: str | None, quad_class: int | None, goldstein: float | None,
                   plover: str | None, modality: str | None, source: ActorRow, target: ActorRow,
                   date_value: str | None, date_precision: str | None, date_basis: str | None,
                   place: Where | None) -> Statement:
    """A statement as clustering sees it. A code of no family is an event of its own kind, told only by
    one speaker."""
    root = root or (cameo or "")[:2]
    family = families().get(root) or Family(f"root-{root}", "speaker", False, False)
    modality = modality or "asserted"
    src = _actor(source, family, target=False)
    tgt = _actor(target, family, target=True)
    if tgt is None and place is None and _is_place(target, family):
        place = Where(name=target.entity_name, country=target.country)
    when = _when(date_value, date_precision, date_basis, published if modality in PAST_MODALITIES else None)
    return Statement(article_id, event_id, outlet, published, cameo, root, label, quad_class, goldstein, plover,
                     modality, family, src, tgt, when, _telling(place, src, tgt), place, source.corpus_id,
                     target.corpus_id)


def _is_place(row: ActorRow, family: Family) -> bool:
    return (family.place_target and row.type in PLACE_TYPES and bool(row.entity_name)
            and name_key(row.entity_name) not in country_names())


def _actor(row: ActorRow, family: Family, *, target: bool) -> Actor | None:
    name = row.corpus_name or row.entity_name or row.name or row.text
    if row.type in SPECIFIC_TYPES:
        key = f"e:{row.corpus_id}" if row.corpus_id else f"n:{name_key(row.entity_name or '')}|{row.country or ''}"
        return Actor(key, True, row.type == "PERSON", row.country, row.corpus_id, name)
    if target and _is_place(row, family):
        return None
    if row.country:
        return Actor(f"c:{row.country}", False, False, row.country, row.corpus_id, name, _kind(row.text))
    return None


@functools.cache
def actor_kinds() -> dict[str, str]:
    """Head noun → kind, from ``data/actor_kinds.tsv``."""
    kinds: dict[str, str] = {}
    for row in load_rows("actor_kinds.tsv", ("kind", "nouns")):
        for noun in row.values("nouns"):
            kinds.setdefault(noun.lower(), row["kind"])
    return kinds


def _kind(text: str | None) -> str | None:
    """The kind of thing an unnamed actor is, by its head (last) word: "the Ukrainian passenger plane"."""
    words = [w for w in (text or "").lower().replace("-", " ").split() if w.isalpha()]
    return actor_kinds().get(words[-1]) if words else None


def _telling(place: Where | None, src: Actor | None, tgt: Actor | None) -> Where | None:
    """The place, unless it is only the country of one of the actors ("a U.S. airstrike" put in the US)."""
    if place is None or not place.country:
        return None
    if place.feature == "country" and place.country in {a.country for a in (src, tgt) if a is not None}:
        return None
    return place


def _when(value: str | None, precision: str | None, basis: str | None, published: date | None) -> When:
    ceiling = published + timedelta(days=1) if published else None
    span = period(value)
    if span is None or precision not in PRECISIONS or basis not in ("explicit", "relative"):
        return When(ceiling=ceiling, value=value if span else None, basis=basis if span else None)
    slack = 1 if precision == "day" and basis == "relative" else 0
    return When(span[0], span[1], precision, slack, ceiling, value, basis)


def period(value: str | None) -> tuple[date, date] | None:
    """The first and last day of a TIMEX-style date value (``2020``, ``2020-01``, ``2020-01-03``)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        if len(parts) == 1:
            return date(int(parts[0]), 1, 1), date(int(parts[0]), 12, 31)
        if len(parts) == 2:
            first = date(int(parts[0]), int(parts[1]), 1)
            return first, (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        day = date(int(parts[0]), int(parts[1]), int(parts[2]))
        return day, day
    except ValueError:
        return None


# -- the pairwise test ---------------------------------------------------------------------------------------


def _actor_score(a: Actor | None, b: Actor | None, *, source: bool, policy: str) -> int | None:
    """How strongly two actors agree (``None``: they disagree)."""
    if a is None or b is None:
        return 0
    if a.specific and b.specific:
        if a.key == b.key:  # one corpus entity, which an article may have typed otherwise
            return 3 if a.person or b.person else 2
        if source and policy == "material" and a.country and a.country == b.country:
            return 1
        return None
    if a.country and b.country:
        if a.country != b.country:
            return None
        # one unnamed thing of one kind and country ("a Ukrainian airliner") agrees as a named organisation does
        return 2 if not a.specific and not b.specific and a.kind and a.kind == b.kind else 1
    return 0


def _dates(a: When, b: When) -> tuple[bool, str | None]:
    """(compatible, the precision at which both dates agree — None when one is unknown)."""
    if a.hard and b.hard:
        apart = a.lo - timedelta(days=a.slack + b.slack) > b.hi or b.lo - timedelta(days=a.slack + b.slack) > a.hi
        if apart:
            return False, None
        return True, PRECISIONS[max(PRECISIONS.index(a.precision), PRECISIONS.index(b.precision))]
    for hard, other in ((a, b), (b, a)):
        if hard.hard and other.ceiling and hard.lo > other.ceiling:
            return False, None
    return True, None


def _reported(s: Statement) -> When:
    """A claim's or a denial's date as another modality's statement sees it: it may be the day the claim or
    denial was made ("denied on Wednesday"), so it only says the act came before."""
    if s.modality not in REPORTED or not s.when.hard:
        return s.when
    latest = s.when.hi + timedelta(days=s.when.slack)
    return When(ceiling=min(latest, s.when.ceiling) if s.when.ceiling else latest)


def _place_score(a: Where | None, b: Where | None) -> int | None:
    if a is None or b is None:
        return 0
    if a.country != b.country:
        return None
    if a.feature == "country" or b.feature == "country":
        return 0
    same = a.geonameid == b.geonameid if a.geonameid and b.geonameid else _same_name(a.name, b.name)
    return 2 if same else 0


def _same_name(a: str | None, b: str | None) -> bool:
    return bool(a and b) and name_key(a) == name_key(b)


def link(a: Statement, b: Statement) -> bool:
    """Whether two statements tell the same event (modality aside: see :func:`refine`). Symmetric (a test holds
    it to that), which the independence of arrival order rests on."""
    if a.family != b.family:
        return False
    policy = a.family.policy
    if policy == "speaker" and a.cameo != b.cameo:
        return False
    when_a, when_b = (a.when, b.when) if a.modality == b.modality else (_reported(a), _reported(b))
    fits, precision = _dates(when_a, when_b)
    if not fits:
        return False
    symmetric = a.family.symmetric  # either side may be named first: the roles are alike
    orientations = [(b.source, b.target)] + ([(b.target, b.source)] if symmetric else [])
    for b_source, b_target in orientations:
        s = _actor_score(a.source, b_source, source=not symmetric, policy=policy)
        t = _actor_score(a.target, b_target, source=False, policy=policy)
        if s is None or t is None or (policy == "speaker" and s < 2):
            continue
        place = _place_score(a.where, b.where)
        if place is None:  # places are often misread; one named actor on both sides outweighs them
            if s < 2 and t < 2:
                continue
            place = 0
        score = s + t + place
        if score >= NEEDED[precision] or (not symmetric and t >= 2 and score >= SAME_TARGET_NEEDED):
            return True
    return False


# -- blocking: the pairs worth testing -----------------------------------------------------------------------
#
# A statement is a member of some blocks and probes others; every pair :func:`link` could join has one
# statement probing a block the other is a member of, whichever of the two looks. A block's base is a set of
# things two statements must agree on that is enough for a link: a named actor in a role, a country in a role,
# an unnamed thing of a kind and country, a town — each able to add at most so much to the link's score.
# How much is enough depends on how precisely the two dates agree, which the kind of block fixes: statements
# dated to nearby days meet in day blocks (a named actor or a town is enough, or both sides' countries); dated
# statements of other precisions in month blocks (a named person is enough, otherwise two things); a dated and an
# undated statement, or a claim and an act, in undated blocks (the score :data:`NEEDED` without a date). Under a
# base, a day probes the days around it and the months holding them, a month or a year probes its months (a
# day is a member of the months its slack reaches), and an undated statement probes everything. Only the
# smallest sets that are enough become bases: what two linked statements agree on holds one of them, so a
# frequent speaker's thousand undated remarks no longer all meet.

#: The least score the kinds of block must allow: nearby days (``D``), a month or a year (``M``), no date (``A``).
DAY, MONTH, UNDATED = NEEDED["day"], NEEDED["month"], NEEDED[None]
MOST = {"key": 3, "kind": 2, "town": 2, "country": 1}  # the most each kind of agreement adds to a link's score


def blocks(s: Statement) -> list[str]:
    """The blocks a statement is a member of."""
    keys = []
    if s.when.hard:
        months = _months(s.when.lo, s.when.hi)
        monthly = _bases(s, MONTH)
        # a day's slack reaches into the next or last month: "Thursday night" on the 1st may be the 31st
        reach = _months(s.when.lo - timedelta(days=s.when.slack), s.when.hi + timedelta(days=s.when.slack))
        keys.extend(f"{base}|M|{m}" for base in monthly for m in reach)
        if s.when.precision == "day":
            days = _days(s.when.lo, s.when.hi)
            keys.extend(f"{base}|D|{d}" for base in _bases(s, DAY) for d in days)
        else:
            keys.extend(f"{base}|C|{m}" for base in monthly for m in months)
        for base in _bases(s, UNDATED):
            keys.append(f"{base}|A")
            if s.modality in REPORTED:  # as other modalities see it, undated: see _reported
                keys.append(f"{base}|U")
    else:
        keys.extend(f"{base}|{b}" for base in _bases(s, UNDATED) for b in ("A", "U"))
    return sorted(set(keys))


def probes(s: Statement) -> list[str]:
    """The blocks a statement looks into for statements it may link to."""
    keys = []
    if s.when.hard:
        if s.when.precision == "day":
            near = (s.when.lo - timedelta(days=2), s.when.hi + timedelta(days=2))
            keys.extend(f"{base}|D|{d}" for base in _bases(s, DAY) for d in _days(*near))
            keys.extend(f"{base}|C|{m}" for base in _bases(s, MONTH) for m in _months(*near))
        else:
            keys.extend(f"{base}|M|{m}" for base in _bases(s, MONTH) for m in _months(s.when.lo, s.when.hi))
        undated = "A" if s.modality in REPORTED else "U"
    else:
        undated = "A"
    keys.extend(f"{base}|{undated}" for base in _bases(s, UNDATED))
    return sorted(set(keys))


def _bases(s: Statement, needed: int) -> list[str]:
    """The smallest sets of things the statement could agree on with another that would be enough for a link
    where dates agree so that ``needed`` is the score asked for, each as a block base."""
    family = s.family.name + (f"|{s.cameo}" if s.family.policy == "speaker" else "")
    found: list[frozenset[tuple[str, str, int]]] = []
    for combo in _combinations(_features(s)):
        if _enough(combo, needed, s.family) and not any(smaller <= combo for smaller in found):
            found.append(combo)
    return [f"{family}|" + "+".join(sorted(token for _, token, _ in combo)) for combo in found]


def _features(s: Statement) -> list[tuple[str, str, int]]:
    """(slot, token, the most it adds to a score): what another statement may agree with. A mutual act's two
    actors are slots ``a`` and ``b`` with role-free tokens, since either may be named first."""
    symmetric = s.family.symmetric
    features = []
    for role, actor in (("s", s.source), ("t", s.target)):
        if actor is None:
            continue
        slot = ({"s": "a", "t": "b"}[role]) if symmetric else role
        tag = "x" if symmetric else role
        if actor.specific:
            features.append((slot, f"{tag}:{actor.key}", MOST["key"]))
        if actor.country:
            features.append((slot, f"{tag}:c:{actor.country}", MOST["country"]))
            if actor.kind and not actor.specific:
                features.append((slot, f"{tag}:k:{actor.country}:{actor.kind}", MOST["kind"]))
    features.extend(("p", f"p:{town}", MOST["town"]) for town in _towns(s.where))
    return features


def _combinations(features: list[tuple[str, str, int]]) -> list[frozenset[tuple[str, str, int]]]:
    """Sets of one, two or three features, no two in one slot, smallest first."""
    found: list[frozenset[tuple[str, str, int]]] = [frozenset([f]) for f in features]
    for i, first in enumerate(features):
        for j in range(i + 1, len(features)):
            second = features[j]
            if second[0] == first[0]:
                continue
            found.append(frozenset([first, second]))
            for third in features[j + 1:]:
                if third[0] not in (first[0], second[0]):
                    found.append(frozenset([first, second, third]))
    return sorted(found, key=len)


def _enough(combo: frozenset[tuple[str, str, int]], needed: int, family: Family) -> bool:
    """Whether agreeing on ``combo`` could be enough for :func:`link` (each feature at its most)."""
    if family.policy == "speaker" and not any(slot in ("s", "a") and most >= 2 for slot, _, most in combo):
        return False
    score = sum(most for _, _, most in combo)
    named_target = not family.symmetric and any(slot == "t" and most >= 2 for slot, _, most in combo)
    return score >= needed or (named_target and score >= SAME_TARGET_NEEDED)


def _towns(where: Where | None) -> list[str]:
    """A place smaller than a country as blocks key it: by GeoNames id, and by name (places without an id are
    compared by name)."""
    if where is None or where.feature == "country":
        return []
    return ([f"g{where.geonameid}"] if where.geonameid else []) + ([name_key(where.name)] if where.name else [])


def _months(lo: date, hi: date) -> list[str]:
    months, current = [], lo.replace(day=1)
    while current <= hi:
        months.append(current.strftime("%Y-%m"))
        current = (current + timedelta(days=32)).replace(day=1)
    return months


def _days(lo: date, hi: date) -> list[str]:
    return [(lo + timedelta(days=n)).isoformat() for n in range((hi - lo).days + 1)]


def find_links(statements: Sequence[Statement], against: Sequence[Statement] | None = None
               ) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Links among ``statements`` (or between them and ``against``, which holds them), testing only the pairs
    blocking proposes, each once."""
    pool = list(statements) if against is None else list(against)
    index: dict[str, list[int]] = defaultdict(list)
    for i, other in enumerate(pool):
        for key in blocks(other):
            index[key].append(i)
    keys = [other.key for other in pool]
    position = {k: i for i, k in enumerate(keys)}
    looking = {s.key for s in statements}
    links: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for s in statements:
        own = position.get(s.key, -1)
        seen: set[int] = set()
        for probe in probes(s):
            for i in index.get(probe, ()):
                # a pair of two looking statements is tested from the one that comes first in the pool
                if i == own or i in seen or (keys[i] in looking and i < own):
                    continue
                seen.add(i)
                if link(s, pool[i]):
                    links[s.key].add(keys[i])
                    links[keys[i]].add(s.key)
    return links


def components(keys: Iterable[tuple[str, str]], links: dict[tuple[str, str], set[tuple[str, str]]]
               ) -> list[list[tuple[str, str]]]:
    """Connected components, each sorted, in the order of their smallest member."""
    parent: dict[tuple[str, str], tuple[str, str]] = {k: k for k in keys}

    def root(k):
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for k, others in links.items():
        if k not in parent:
            continue
        for o in others:
            if o in parent:
                a, b = root(k), root(o)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    groups: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for k in parent:
        groups[root(k)].append(k)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: g[0])


# -- refining a component into canonical events ---------------------------------------------------------------


@dataclass(slots=True)
class Cluster:
    members: list[Statement]
    id: str = ""
    related_id: str | None = None
    summary: dict = field(default_factory=dict)

    @property
    def first(self) -> tuple[str, str]:
        return min(s.key for s in self.members)


def canonical_id(first: tuple[str, str]) -> str:
    """A canonical event's id: from its smallest member, so the same statements give the same id."""
    return "ev-" + hashlib.sha256(f"{first[0]}\x1f{first[1]}".encode()).hexdigest()[:12]


def refine(members: Sequence[Statement], links: dict[tuple[str, str], set[tuple[str, str]]]) -> list[Cluster]:
    """The canonical events of one component. Asserted, claimed, negated, future and hypothetical statements
    make separate events; each non-asserted one is related to the asserted event it is most linked to."""
    by_modality: dict[str, list[Statement]] = defaultdict(list)
    for s in members:
        by_modality[s.modality].append(s)
    clusters: list[Cluster] = []
    for modality in sorted(by_modality):
        clusters.extend(_cluster(by_modality[modality], links))
    for cluster in clusters:
        cluster.id = canonical_id(cluster.first)
    home = {s.key: c for c in clusters for s in c.members}
    for cluster in clusters:
        if cluster.members[0].modality == "asserted":
            continue
        counts: Counter[str] = Counter()
        for s in cluster.members:
            for other in links.get(s.key, ()):
                target = home.get(other)
                if target is not None and target.members[0].modality == "asserted":
                    counts[target.id] += 1
        if counts:
            cluster.related_id = min(counts, key=lambda cid: (-counts[cid], cid))
    for cluster in clusters:
        cluster.summary = summarize(cluster.members)
    return sorted(clusters, key=lambda c: c.id)


def _level(s: Statement) -> int:
    return PRECISIONS.index(s.when.precision) if s.when.hard else len(PRECISIONS)


def _order(s: Statement) -> tuple:
    """Most precisely dated first, then those naming both actors, then either: they set each event's terms."""
    known = (s.source is not None) + (s.target is not None)
    return (_level(s), -known, s.key)


class _Growing:
    """A canonical event being formed: its members and what most of them say (actors, date, place)."""

    def __init__(self, first: Statement) -> None:
        self.members: list[Statement] = []
        self.sources: Counter[str] = Counter()
        self.targets: Counter[str] = Counter()
        self.actors: dict[str, Actor] = {}
        self.places: Counter[str] = Counter()
        self.dated: list[Statement] = []
        self._date: dict | None = None
        self.add(first)

    def add(self, s: Statement) -> None:
        self.members.append(s)
        for counter, actor in ((self.sources, s.source), (self.targets, s.target)):
            if actor is not None:
                counter[actor.key] += 1
                self.actors.setdefault(actor.key, actor)
        if s.where is not None:
            self.places[s.where.country] += 1
        if s.when.hard:
            self.dated.append(s)
            self._date = best_date(self.dated)

    def _top(self, counter: Counter[str]) -> Actor | None:
        if not counter:
            return None
        return self.actors[min(counter, key=lambda k: (-counter[k], not self.actors[k].specific, k))]

    def agrees(self, s: Statement) -> bool:
        """Whether ``s`` fits what the event's statements mostly say: its date, its actors and its place."""
        if self._date is not None:
            lo, hi = period(self._date["value"])
            if not _dates(s.when, When(lo, hi, self._date["precision"]))[0]:
                return False
        policy = s.family.policy
        source, target = self._top(self.sources), self._top(self.targets)
        orientations = [(source, target)] + ([(target, source)] if s.family.symmetric else [])
        for source, target in orientations:
            a = _actor_score(s.source, source, source=not s.family.symmetric, policy=policy)
            b = _actor_score(s.target, target, source=False, policy=policy)
            if a is None or b is None:
                continue
            top = self.places.most_common(1)
            if s.where is not None and top and top[0][0] != s.where.country and a < 2 and b < 2:
                continue
            return True
        return False


def _cluster(statements: list[Statement], links: dict[tuple[str, str], set[tuple[str, str]]]) -> list[Cluster]:
    """Statements taken most precisely dated first, then those naming most actors: each joins the event it is
    most linked to if it agrees with what that event's statements mostly say, else starts an event. The order
    is fixed by the statements themselves, so the result does not depend on the order of arrival; and a
    statement linked to two events (an undated mention of a 2019 plot and of the 2020 killing) joins one."""
    growing: list[_Growing] = []
    home: dict[tuple[str, str], int] = {}
    for s in sorted(statements, key=_order):
        counts = Counter(home[o] for o in links.get(s.key, ()) if o in home)
        fitting = [i for i in counts if growing[i].agrees(s)]
        if fitting:
            i = min(fitting, key=lambda i: (-counts[i], i))
            growing[i].add(s)
        else:
            i = len(growing)
            growing.append(_Growing(s))
        home[s.key] = i
    return [Cluster(g.members) for g in growing]


# -- what a canonical event says -------------------------------------------------------------------------------


def best_date(members: Sequence[Statement]) -> dict | None:
    """The most precise date the most statements agree on: a day when more statements give it than any other
    day, else the month, else the year. Publication dates stand in only when the texts give no date."""
    for basis, dated in (("statements", [s for s in members if s.when.hard]),
                         ("publication", [s for s in members if not s.when.hard and s.when.value])):
        if not dated:
            continue
        for precision, width in (("day", 10), ("month", 7), ("year", 4)):
            # an article votes once for a date, however many of its sentences repeat it
            votes = Counter(v for v, _ in {(s.when.value[:width], s.article_id) for s in dated
                                           if len(s.when.value) >= width})
            if not votes:
                continue
            ranked = votes.most_common()
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1] or precision == "year":
                value = min(v for v, n in ranked if n == ranked[0][1])
                return {"value": value, "precision": precision, "basis": basis, "support": ranked[0][1]}
    return None


def best_place(members: Sequence[Statement]) -> Where | None:
    """The most precise place in the country most statements give; none when countries tie."""
    places = [s.place for s in members if s.place is not None and s.place.country]
    telling = [s.where for s in members if s.where is not None] or places
    if not telling:
        return None
    countries = Counter(p.country for p in telling).most_common()
    if len(countries) > 1 and countries[0][1] == countries[1][1]:
        return None
    country = countries[0][0]
    inside = [p for p in places if p.country == country and p.feature != "country" and p.name]
    if inside:
        names = Counter((p.name, p.geonameid) for p in inside)
        (name, geonameid), _ = min(names.items(), key=lambda item: (-item[1], item[0][0]))
        return next(p for p in inside if (p.name, p.geonameid) == (name, geonameid))
    whole = [p for p in places if p.country == country]
    return whole[0] if whole else Where(country=country)


def _best_actor(actors: Sequence[Actor]) -> Actor | None:
    if not actors:
        return None
    votes = Counter(a.key for a in actors)
    key = min(votes, key=lambda k: (-votes[k], not k.startswith(("e:", "n:")), k))
    chosen = [a for a in actors if a.key == key]
    ids = Counter(a.corpus_id for a in chosen if a.corpus_id)
    names = Counter(a.name for a in chosen if a.name)
    name = min(names, key=lambda n: (-names[n], n)) if names else None
    corpus_id = min(ids, key=lambda i: (-ids[i], i)) if ids else None
    return Actor(key, chosen[0].specific, chosen[0].person, chosen[0].country, corpus_id, name, chosen[0].kind)


def summarize(members: Sequence[Statement]) -> dict:
    """The canonical event's code, actors, date and place from its statements (counts are left to SQL)."""
    codes = Counter(s.cameo for s in members)
    cameo = min(codes, key=lambda c: (-codes[c], -len(c), c))
    typical = min((s for s in members if s.cameo == cameo), key=lambda s: s.key)
    source = _best_actor([s.source for s in members if s.source is not None])
    target = _best_actor([s.target for s in members if s.target is not None])
    when = best_date(members)
    place = best_place(members)
    span = period(when["value"]) if when else None
    return {
        "cameo": cameo, "root": typical.root, "label": typical.label, "quad_class": typical.quad_class,
        "goldstein": typical.goldstein, "plover": typical.plover, "modality": typical.modality,
        "family": typical.family.name,
        "source_corpus_id": source.corpus_id if source else None, "source_name": source.name if source else None,
        "source_country": source.country if source else None,
        "target_corpus_id": target.corpus_id if target else None, "target_name": target.name if target else None,
        "target_country": target.country if target else None,
        "date_value": when["value"] if when else None, "date_precision": when["precision"] if when else None,
        "date_basis": when["basis"] if when else None, "event_date": span[0] if span else None,
        "location_name": place.name if place else None, "location_country": place.country if place else None,
        "location_lat": place.lat if place else None, "location_lon": place.lon if place else None,
    }
