"""Linking in-document entities into corpus entities: a pure function of one block of entities.

A *block* holds every entity that could possibly be linked with another of it: entities sharing a blocking key
(:func:`block_keys`, the skeleton of a name, of an alias, or of a person's surname), closed transitively. The
storage side (:mod:`.entities`) finds the blocks a new batch touches and links each again, whole, with
:func:`link`; since the result depends only on the block's members, never on the order in which they arrived,
ingesting a corpus in two halves gives the same corpus entities as one pass.

Within a block:

1. *Full names* (two words or more: ``Qassem Soleimani``, ``Islamic Revolutionary Guard Corps``) are merged
   when they are spellings of one name (:meth:`NameRules.same_name`), full names of one person
   (:meth:`NameRules.same_person`), or one of them is an alias the other carried in its article — unless the
   countries they are most often given differ.
2. *Short names* (one word: ``Soleimani``, ``PMU``, ``Hezbollah``; or ``J. Smith``) could stand for several
   full names, so each is attached to at most one: a person whose surname it is, or an entity that used it as
   an alias. The candidates are scored on the article's own evidence (country, sector, titles, the other names
   around it); a short name that a different entity used as an alias only occasionally (``Hezbollah`` in an
   article about ``Kataib Hezbollah``) stays with the many articles that use it on its own.
3. The short names left are merged among themselves when they are spellings of one word.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from rapidfuzz.fuzz import ratio

from .names import NameForm, NameRules, fold

#: What a candidate gains from the article's own evidence.
AGREE_COUNTRY, DIFFER_COUNTRY = 2, -3
AGREE_SECTOR, DIFFER_SECTOR = 1, -1
SHARED_TITLE = 1
OWN_ALIAS = 3           # the short name's own article wrote the candidate's full name too
MAX_CO_OCCURRENCE = 3   # at most this much from the other names in the article
SAME_SHORT_SURNAME = 80  # a surname alone must be spelt closer to a person's than within a full name

PLACE_TYPES = ("GPE", "LOC", "FAC")
TYPE_ORDER = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")  # breaks ties between the types NER gave a name

Key = tuple[str, str]  # (article_id, entity_id)


@dataclass(slots=True)
class Member:
    """In-document entities (rows of the ``entities`` table) that agree in name, type, country, sector, titles and
    aliases: the linker decides for them together, each counting as many times as it has rows. It holds no row
    keys but its smallest: the rows' links are written from it by the storage side (:mod:`.entities`), so that
    what a block holds in memory grows with its distinct names, not with its rows."""

    name: str
    type: str | None = None
    country: str | None = None
    sector: str | None = None
    titles: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    key: Key = ("", "")  # the smallest (article_id, entity_id) of its rows: what names it, and its corpus entity
    count: int = 1  # rows
    articles: frozenset[str] = frozenset()  # the articles of its rows
    mentions: int = 1

    @property
    def person(self) -> bool:
        return self.type == "PERSON"


@dataclass(slots=True)
class CorpusEntity:
    id: str
    name: str
    type: str | None
    country: str | None
    sector: str | None
    aliases: list[str]
    titles: list[str]
    article_count: int
    mention_count: int
    members: list[Member]


def block_keys(rules: NameRules, name: str, type_: str | None, aliases: Iterable[str]) -> set[str]:
    """The keys an entity shares with every entity it could be linked to: ``f:`` the skeleton of each full
    name it carries, ``s:`` the skeleton of each one-word name and of a person's surname."""
    person = type_ == "PERSON"
    keys = set()
    for text in (name, *aliases):
        form = rules.form(text, person=person)
        if form.short:
            keys.add("s:" + rules.skeleton(form.head))
        else:
            keys.add("f:" + form.skeleton)
            if person and form.surname:
                keys.add("s:" + rules.skeleton(form.surname))
    return keys


@dataclass(slots=True, eq=False)
class _Cluster:
    members: list[Member] = field(default_factory=list)
    key: Key = ("\uffff", "")  # its smallest member key
    countries: Counter = field(default_factory=Counter)
    sectors: Counter = field(default_factory=Counter)
    titles: set[str] = field(default_factory=set)
    given_initials: set[str] = field(default_factory=set)
    people: int = 0  # rows typed PERSON
    size: int = 0  # rows
    surnames: Counter = field(default_factory=Counter)  # the surnames of its people, with their counts
    claims: Counter = field(default_factory=Counter)  # the one-word aliases its members carried, with counts

    def add(self, member: Member, form: NameForm | None = None) -> None:
        self.members.append(member)
        self.key = min(self.key, member.key)
        self.size += member.count
        if member.country:
            self.countries[member.country] += member.count
        if member.sector:
            self.sectors[member.sector] += member.count
        self.titles.update(fold(t) for t in member.titles)
        self.people += member.count if member.person else 0
        if form is not None and form.given:
            self.given_initials.add(form.given[0][0])

    @property
    def person(self) -> bool:
        return 2 * self.people > self.size


class _Forms:
    """Union-find over the matching forms of full names."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, text: str) -> str:
        self.parent.setdefault(text, text)
        root = text
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[text] != root:
            self.parent[text], text = root, self.parent[text]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def link(members: list[Member], rules: NameRules,
         context: Callable[[set[str]], dict[str, frozenset[str]]] | None = None) -> list[CorpusEntity]:
    """Corpus entities for one block of members, in id order. ``context(article_ids)`` gives, per article, the
    full names of the people and organisations it names (co-occurrence evidence for short names that have
    several candidates); without it, co-occurrence is not used."""
    forms = {m.key: rules.form(m.name, person=m.person) for m in members}
    full = sorted((m for m in members if not forms[m.key].short), key=lambda m: m.key)
    short = sorted((m for m in members if forms[m.key].short), key=lambda m: m.key)
    union = _merge_full_names(full, forms, rules)
    clusters: dict[str, _Cluster] = {}
    for member in full:
        clusters.setdefault(union.find(forms[member.key].text), _Cluster()).add(member, forms[member.key])
    left = _attach_short_names(short, forms, union, clusters, rules, context)
    groups = [c.members for c in clusters.values()] + _merge_short_names(left, forms, rules)
    return sorted((_summarise(group, forms) for group in groups), key=lambda e: e.id)


# -- full names ------------------------------------------------------------------------------------------------

def _merge_full_names(full: list[Member], forms: dict[Key, NameForm], rules: NameRules) -> _Forms:
    union = _Forms()
    by_text: dict[str, list[Member]] = defaultdict(list)
    for member in full:
        form = forms[member.key]
        by_text[form.text].append(member)
        union.find(form.text)
        for alias in member.aliases:
            other = rules.form(alias, person=member.person)
            if other.short or other.text == form.text:
                continue
            if member.person and not rules.same_person(form, other):
                continue  # a person's alias that is not a name of theirs is the in-document linker's error
            union.union(form.text, other.text)
    countries = {text: _mode(_weighted(group, lambda m: m.country)) for text, group in by_text.items()}
    groups = {text: _is_group(group) for text, group in by_text.items()}
    named = {text: forms[group[0].key] for text, group in sorted(by_text.items())}
    people = {text: form for text, form in named.items() if _mostly(by_text[text], lambda m: m.person)
              and form.surname}
    for same, candidates in ((rules.same_name, _grouped(named, lambda f: f.skeleton)),
                             (rules.same_person, _grouped(people, lambda f: rules.skeleton(f.surname)))):
        for texts in candidates:
            for i, a in enumerate(texts):
                for b in texts[i + 1:]:
                    if _compatible(countries, groups, a, b) and same(named[a], named[b]):
                        union.union(a, b)
    return union


def _is_group(members: list[Member]) -> bool:
    """Whether NER tags a name mostly as a nationality or group (``Israeli``), which is never a spelling of
    the country's name (``Israel``) however close the letters."""
    return _mostly(members, lambda m: m.type == "NORP")


def _mostly(members: list[Member], test: Callable[[Member], bool]) -> bool:
    """Whether more than half of the rows pass ``test``."""
    return 2 * sum(m.count for m in members if test(m)) > sum(m.count for m in members)


def _weighted(members: Iterable[Member], value: Callable[[Member], str | None]) -> Counter:
    counts: Counter = Counter()
    for member in members:
        if value(member):
            counts[value(member)] += member.count
    return counts


def _compatible(countries: dict[str, str | None], groups: dict[str, bool], a: str, b: str) -> bool:
    return not _conflict(countries[a], countries[b]) and groups[a] == groups[b]


def _grouped(forms: dict[str, NameForm], key: Callable[[NameForm], str]) -> list[list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for text, form in forms.items():
        groups[key(form)].append(text)
    return [texts for texts in groups.values() if len(texts) > 1]


# -- short names -----------------------------------------------------------------------------------------------

def _attach_short_names(short: list[Member], forms: dict[Key, NameForm], union: _Forms,
                        clusters: dict[str, _Cluster], rules: NameRules,
                        context: Callable[[set[str]], dict[str, frozenset[str]]] | None) -> list[Member]:
    """Attach each short name to its best cluster; returns the members left unattached.

    A cluster can take a short name when it is an entity that carried it as an alias and uses it at least as often
    (``_votes``) as the name occurs alone, with no full name in its article to go by (``Hezbollah`` is not
    ``Kataib Hezbollah`` because one article wrote it so); or when it is a person with that surname who goes by it
    at least as often as NER tags the word alone as something else (``Kerman`` the city is not a reporter named
    ``Karmanau``). A short name whose own article gave a full name of the cluster can always join it.
    """
    for cluster in clusters.values():
        for member in cluster.members:
            form = forms[member.key]
            if member.person and form.surname:
                cluster.surnames[form.surname] += member.count
            for alias in member.aliases:
                other = rules.form(alias, person=member.person)
                if other.short:
                    cluster.claims[other.head] += member.count
    people: dict[str, list[_Cluster]] = defaultdict(list)  # surname skeleton -> person clusters
    for cluster in clusters.values():
        if cluster.person:
            for skeleton in sorted({rules.skeleton(surname) for surname in cluster.surnames}):
                people[skeleton].append(cluster)
    own = {m.key: _own_clusters(m, union, clusters, rules) for m in short}
    alone = _weighted((m for m in short if not own[m.key]), lambda m: forms[m.key].head)
    alone_as_thing = _weighted((m for m in short if not own[m.key] and not m.person), lambda m: forms[m.key].head)
    named_with: dict[str, Counter] = defaultdict(Counter)  # head -> cluster id() -> short names with its alias
    for member in short:
        for cluster_id in own[member.key]:
            named_with[forms[member.key].head][cluster_id] += member.count
    claimants: dict[str, list[_Cluster]] = defaultdict(list)
    for cluster in clusters.values():
        for head in cluster.claims:
            claimants[head].append(cluster)
    by_id = {id(c): c for c in clusters.values()}
    scorer = _Scorer(context)
    chosen: list[tuple[Member, _Cluster]] = []  # decided on the full names alone, then attached
    left = []
    for member in short:
        head = forms[member.key].head
        persons = _people_by_surname(member, forms[member.key], people, rules)
        placed = member.type in PLACE_TYPES and member.country is not None  # a place the gazetteer knows
        candidates = persons + [c for c in claimants.get(head, ()) if c not in persons and not (placed and c.person)]
        votes = {id(c): _votes(c, head, member, rules) + named_with[head][id(c)] for c in candidates}
        choices = [c for c in candidates if votes[id(c)] >= (alone_as_thing[head] if c in persons else alone[head])]
        choices += [by_id[c] for c in sorted(own[member.key], key=lambda c: by_id[c].key) if by_id[c] not in choices]
        best = scorer.best(member, choices, own[member.key], votes)
        if best is None:
            left.append(member)
        else:
            chosen.append((member, best))
    for member, cluster in chosen:
        cluster.add(member)
    return left


def _votes(cluster: _Cluster, head: str, member: Member, rules: NameRules) -> int:
    """How many of the cluster's entities go by this short name: as their surname, or as an alias."""
    surnames = sum(n for surname, n in cluster.surnames.items() if _surname_fits(head, surname, member, rules))
    return surnames + cluster.claims[head]


def _surname_fits(head: str, surname: str, member: Member, rules: NameRules) -> bool:
    """A short name tagged as a person may spell the surname otherwise (``Suleimani``); one tagged otherwise
    (``Soleimani`` as a place) must be the surname exactly."""
    if not member.person:
        return head == surname
    return head == surname or (rules.skeleton(head) == rules.skeleton(surname)
                               and ratio(head, surname) >= SAME_SHORT_SURNAME)


def _own_clusters(member: Member, union: _Forms, clusters: dict[str, _Cluster], rules: NameRules) -> set[int]:
    """Clusters holding a full name that the short name's own article gave as its alias."""
    found = set()
    for alias in member.aliases:
        other = rules.form(alias, person=member.person)
        if not other.short and other.text in union.parent:
            cluster = clusters.get(union.find(other.text))
            if cluster is not None:
                found.add(id(cluster))
    return found


def _people_by_surname(member: Member, form: NameForm, people: dict[str, list[_Cluster]],
                       rules: NameRules) -> list[_Cluster]:
    """People whose surname the short name is. A one-word name NER tagged as something else is a candidate only
    when its article gave it no country (``Soleimani`` tagged as a place); ``J. Smith`` needs a J."""
    if not member.person and member.country is not None:
        return []
    return [c for c in people.get(rules.skeleton(form.head), ())
            if any(_surname_fits(form.head, surname, member, rules) for surname in c.surnames)
            and (not form.given or form.given[0] in c.given_initials)]


class _Scorer:
    """Chooses among a short name's candidates on its article's evidence."""

    def __init__(self, context: Callable[[set[str]], dict[str, frozenset[str]]] | None) -> None:
        self.context = context
        self._articles: dict[str, frozenset[str]] = {}
        self._around: dict[int, tuple[set[str], set[str]]] = {}  # cluster id() -> (its names, names beside it)

    def best(self, member: Member, candidates: list[_Cluster], own: set[int], votes: dict[int, int]
             ) -> _Cluster | None:
        if not candidates:
            return None
        scored = [(self._evidence(member, c) + (OWN_ALIAS if id(c) in own else 0), c) for c in candidates]
        if len(scored) > 1 and self.context is not None:
            scored = [(score + self._co_occurrence(member, c), c) for score, c in scored]
        score, cluster = min(scored, key=lambda s: (-s[0], -votes.get(id(s[1]), 0), s[1].key))
        return cluster if score >= 0 else None

    @staticmethod
    def _evidence(member: Member, cluster: _Cluster) -> int:
        score = 0
        country = _mode(cluster.countries)
        if member.country and country:
            score += AGREE_COUNTRY if member.country == country else DIFFER_COUNTRY
        sector = _mode(cluster.sectors)
        if member.sector and sector:
            score += AGREE_SECTOR if member.sector == sector else DIFFER_SECTOR
        if {fold(t) for t in member.titles} & cluster.titles:
            score += SHARED_TITLE
        return score

    def _co_occurrence(self, member: Member, cluster: _Cluster) -> int:
        """How many of the other people and organisations the article names also appear beside the cluster."""
        self._load(member.articles)
        if id(cluster) not in self._around:
            articles = set().union(*(m.articles for m in cluster.members))
            self._load(articles)
            self._around[id(cluster)] = ({fold(m.name) for m in cluster.members},
                                         set().union(*(self._articles[a] for a in articles)))
        own_names, around = self._around[id(cluster)]
        mine = set().union(*(self._articles[a] for a in member.articles))
        return min(MAX_CO_OCCURRENCE, len((mine & around) - own_names))

    def _load(self, article_ids: set[str]) -> None:
        missing = article_ids - self._articles.keys()
        if missing:
            found = self.context(missing)
            self._articles.update({a: found.get(a, frozenset()) for a in missing})


def _merge_short_names(left: list[Member], forms: dict[Key, NameForm], rules: NameRules) -> list[list[Member]]:
    """Short names no cluster took: one group per word, spellings of one word merged."""
    union = _Forms()
    by_head: dict[str, list[Member]] = defaultdict(list)
    for member in left:
        by_head[forms[member.key].head].append(member)
        union.find(forms[member.key].head)
    heads = sorted(by_head)
    countries = {h: _mode(_weighted(by_head[h], lambda m: m.country)) for h in heads}
    groups = {h: _is_group(by_head[h]) for h in heads}
    by_skeleton: dict[str, list[str]] = defaultdict(list)
    for head in heads:
        by_skeleton[rules.skeleton(head)].append(head)
    for group in by_skeleton.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if _compatible(countries, groups, a, b) and rules.same_name(
                        rules.form(a, person=False), rules.form(b, person=False)):
                    union.union(a, b)
    merged: dict[str, list[Member]] = defaultdict(list)
    for head in heads:
        merged[union.find(head)].extend(by_head[head])
    return list(merged.values())


# -- the corpus entity -----------------------------------------------------------------------------------------

def _summarise(members: list[Member], forms: dict[Key, NameForm]) -> CorpusEntity:
    first = min(m.key for m in members)
    named = [m for m in members if not forms[m.key].short] or members  # short names attached may be mistyped
    counts = _weighted(named, lambda m: m.name)
    name = min(counts, key=lambda n: (-counts[n], -len(n.split()), n))
    types = _weighted(named, lambda m: m.type)
    own_types = _weighted((m for m in named if m.name == name), lambda m: m.type)
    spellings = {m.name for m in members} | {a for m in members for a in m.aliases}
    titles: Counter = Counter()
    for member in members:
        for title in member.titles:
            titles[title] += member.count
    return CorpusEntity(
        id=corpus_id(first), name=name,
        type=min(types, key=lambda t: (-types[t], -own_types[t], _type_rank(t), t), default=None),
        country=_mode(_weighted(members, lambda m: m.country)),
        sector=_mode(_weighted(members, lambda m: m.sector)),
        aliases=sorted(spellings - {name}, key=lambda s: (s.casefold(), s)),
        titles=sorted(titles, key=lambda t: (-titles[t], t)),
        article_count=len(set().union(*(m.articles for m in members))), mention_count=sum(m.mentions for m in members),
        members=sorted(members, key=lambda m: m.key))


def corpus_id(first: Key) -> str:
    """A corpus entity's id, from its smallest member: the same whatever order the articles came in."""
    return "ce-" + hashlib.sha1("\x1f".join(first).encode("utf-8")).hexdigest()[:12]


def _mode(counts: Counter) -> str | None:
    """The most frequent value; ties go to the alphabetically first, so that the result is deterministic."""
    if not counts:
        return None
    return min(counts, key=lambda value: (-counts[value], value))


def _type_rank(type_: str) -> int:
    return TYPE_ORDER.index(type_) if type_ in TYPE_ORDER else len(TYPE_ORDER)


def _conflict(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and a != b

