"""In-document entities: name mentions grouped under one canonical name, with country, sector and titles.

Grouping, in order: lexicon entries (``US``/``United States``; ``IRGC``/``Islamic Revolution Guards Corps``);
equal names, whatever label NER gave each occurrence; acronyms defined in the text (``Popular Mobilization Units
(PMU)``) or spelled by a capitalised phrase in it; short person names to the full name they belong to (``General
Soleimani`` → ``Qassem Soleimani``, never to ``Zeinab Soleimani`` unless titles or order say so); role references
the text defines (``the Leader`` → the person introduced as ``Leader of the Islamic Revolution``).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc

from ..records import Entity, Span
from .gazetteer import Gazetteer
from .lexicons import Known, Lexicons, name_key
from .mentions import Mention, TokenView, _texts, acronym_letters, initials, is_acronym, token_view

_PLACE_LABELS = {"GPE", "LOC"}
_RANKS = {"deputy", "vice", "assistant", "under", "junior", "acting"}
_COMPLEMENT_STOPS = {"in", "at", "on", "from", "near", "based", "who", "which", "that", ",", "and"}


@dataclass(slots=True, eq=False)
class Group:
    mentions: list[Mention] = field(default_factory=list)
    known: Known | None = None
    expansion: str | None = None  # an acronym's spelled-out name

    @property
    def first(self) -> int:
        return min(m.start for m in self.mentions)

    @property
    def label(self) -> str:
        if self.known is not None:
            return self.known.type
        labels = Counter(m.label for m in self.mentions if m.source != "role")
        if not labels:
            return "PERSON"
        best = max(labels.values())
        return next(m.label for m in self.mentions if labels[m.label] == best)

    def absorb(self, other: Group) -> None:
        self.mentions.extend(other.mentions)
        self.known = self.known or other.known
        self.expansion = self.expansion or other.expansion


@dataclass(slots=True)
class EntityIndex:
    """The entities of one article, and where each is mentioned in token terms (for later extractors)."""

    entities: list[Entity] = field(default_factory=list)
    spans: list[tuple[int, int, Entity, str]] = field(default_factory=list)  # (start, end, entity, source)
    by_token: dict[int, Entity] = field(default_factory=dict)
    by_role: dict[int, Entity] = field(default_factory=dict)  # role noun token ("Leader", "commander") -> person

    def described_by(self, token_i: int) -> Entity | None:
        """The person a role noun at this token describes (``Leader`` in ``Leader of the Islamic Revolution X``)."""
        return self.by_role.get(token_i)

    def at(self, token_i: int) -> Entity | None:
        """The entity a token belongs to a mention of, if any."""
        return self.by_token.get(token_i)

    def span_at(self, token_i: int) -> tuple[int, int, Entity, str] | None:
        """The mention (start, end, entity, source) covering a token, if any."""
        for span in self.spans:
            if span[0] <= token_i < span[1]:
                return span
        return None


class EntityBuilder:
    def __init__(self, lexicons: Lexicons, gazetteer: Gazetteer) -> None:
        self.lex = lexicons
        self.gazetteer = gazetteer

    def build(self, doc: Doc, mentions: list[Mention]) -> EntityIndex:
        groups = self._group_by_name(mentions)
        groups = self._link_definitions(groups)
        groups = self._link_acronyms(doc, groups)
        groups = self._attach_short_names(groups)
        self._propagate_surnames(doc, groups)
        countries = self._resolve(doc, groups)
        self._attach_role_references(doc, groups)
        index = EntityIndex()
        for number, group in enumerate(sorted(groups, key=lambda g: g.first), start=1):
            entity = self._entity(doc, group, countries)
            entity.id = f"e{number}"
            index.entities.append(entity)
            index.spans.extend((m.start, m.end, entity, m.source) for m in group.mentions)
            index.by_role.update((i, entity) for m in group.mentions for i in m.role_heads)
        index.spans.sort(key=lambda s: (s[0], s[1]))
        index.by_token = {i: entity for start, end, entity, _ in index.spans for i in range(start, end)}
        return index

    # -- grouping --------------------------------------------------------------------------------------------

    def _group_by_name(self, mentions: list[Mention]) -> list[Group]:
        by_key: dict[tuple[str, str], Group] = {}
        for mention in mentions:
            if mention.known is not None:
                key = ("known", mention.known.type + ":" + mention.known.name)
            elif mention.label == "NORP":
                key = ("NORP", mention.key)
            else:
                key = ("name", mention.key)
            group = by_key.setdefault(key, Group(known=mention.known))
            group.mentions.append(mention)
        return list(by_key.values())

    def _link_definitions(self, groups: list[Group]) -> list[Group]:
        """``Popular Mobilization Units (PMU)``: the acronym's group joins the phrase's group."""
        for group in list(groups):
            acronyms = {m.defines for m in group.mentions if m.defines}
            for acronym in acronyms:
                group.expansion = group.expansion or next(m.name for m in group.mentions if m.defines == acronym)
                for other in list(groups):
                    if other is group or other not in groups:
                        continue
                    if any(m.name == acronym for m in other.mentions) and (
                            other.known is None or group.known is None or other.known == group.known):
                        text_wins = group.known is None and other.known is not None and not _names(
                            other.known, group.expansion)
                        group.absorb(other)
                        groups.remove(other)
                        if text_wins:  # the text defines the acronym as something the lexicon does not know
                            group.known = None
        return groups

    def _link_acronyms(self, doc: Doc, groups: list[Group]) -> list[Group]:
        """An undefined acronym joins a group (or a capitalised phrase in the text) whose initials spell it."""
        for group in list(groups):
            if group not in groups or group.known is not None or group.expansion:
                continue
            name = group.mentions[0].name
            if not is_acronym(name):
                continue
            letters = acronym_letters(name)
            target = self._expansion_group(letters, groups, group)
            if target is not None:
                target.absorb(group)
                target.expansion = target.expansion or next(
                    m.name for m in target.mentions if initials(m.name.split()).upper() == letters)
                groups.remove(group)
            else:
                self._expansion_in_text(doc, letters, group, groups)
        return groups

    def _expansion_group(self, letters: str, groups: list[Group], own: Group) -> Group | None:
        for group in groups:
            if group is own or group.label not in ("ORG", "FAC", "GPE", "LOC"):
                continue
            if any(initials(m.name.split()).upper() == letters and len(m.name.split()) > 1
                   for m in group.mentions):
                return group
        return None

    def _expansion_in_text(self, doc: Doc, letters: str, group: Group, groups: list[Group]) -> None:
        """A capitalised phrase whose initials spell the acronym becomes a mention of it (and its long name)."""
        for i, text in enumerate(_texts(doc)):
            if text[:1] != letters[:1] or is_acronym(text):
                continue
            words: list[int] = []
            j = i
            while j < len(doc) and len(words) < len(letters) + 4:
                word = doc[j]
                if word.text[:1].isupper() and word.is_alpha:
                    words.append(j)
                elif not (words and word.lower_ in ("of", "and", "for", "the", "on")):
                    break
                if initials([doc[k].text for k in words]).upper() == letters:
                    start, end = words[0], words[-1] + 1
                    if len(words) < 2 or any(m.start <= start < m.end for m in group.mentions):
                        break
                    self._claim_span(groups, group, start, end)
                    name = doc[start:end].text
                    group.expansion = name
                    mention = Mention(start, end, start, end, "ORG", name, source="acronym")
                    if start >= 2 and doc[start - 1].tag_ == "POS":
                        iso3 = self.lex.country_of_name(doc[start - 2].text)
                        if iso3:
                            mention.country_hints.append((iso3, "possessive"))
                    group.mentions.append(mention)
                    return
                j += 1

    @staticmethod
    def _claim_span(groups: list[Group], owner: Group, start: int, end: int) -> None:
        """Remove other groups' mentions lying inside [start, end); drop groups left empty."""
        for group in list(groups):
            if group is owner:
                continue
            group.mentions = [m for m in group.mentions if not (start <= m.start and m.end <= end)]
            if not group.mentions:
                groups.remove(group)

    def _attach_short_names(self, groups: list[Group]) -> list[Group]:
        """Fold one-word person names (and NER's mislabelled surnames) into the full name they belong to."""
        people = [g for g in groups if g.label == "PERSON" and len(_name_tokens(g)) >= 2]
        self._merge_longer_forms(people, groups)
        people = [g for g in groups if g.label == "PERSON" and len(_name_tokens(g)) >= 2]
        for group in list(groups):
            tokens = _name_tokens(group)
            if group in people or len(tokens) != 1 or group.known is not None:
                continue
            if group.label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            candidates = [p for p in people if tokens[0] in (_name_tokens(p)[-1], _name_tokens(p)[0])]
            if group.label != "PERSON":
                candidates = [p for p in candidates if tokens[0] == _name_tokens(p)[-1]]
            if not candidates:
                if group.label == "PERSON":
                    self._known_by_surname(group)
                continue
            best = max(candidates, key=lambda p: (_title_fit(group, p), -p.first))
            best.absorb(group)
            groups.remove(group)
        return groups

    def _propagate_surnames(self, doc: Doc, groups: list[Group]) -> None:
        """A full name's surname written alone where NER saw nothing (``Okoth promised …``) is that person."""
        people = [g for g in groups if g.label == "PERSON" and len(_name_tokens(g)) >= 2]
        if not people:
            return
        by_surname: dict[str, list[Group]] = {}
        for group in people:
            by_surname.setdefault(_name_tokens(group)[-1], []).append(group)
        covered = {i for g in groups for m in g.mentions for i in range(m.start, m.end)}
        view = token_view(doc)
        for i, text in enumerate(view.text):
            if i in covered or not view.is_title[i] or view.pos[i] != "PROPN":
                continue
            candidates = by_surname.get(name_key(text))
            if not candidates or _in_capitalised_run(view, i):
                continue
            first_use = [g for g in candidates if g.first < i]
            if not first_use:
                continue
            mention = Mention(i, i + 1, i, i + 1, "PERSON", text, source="surname")
            best = min(first_use, key=lambda g: g.first)
            best.mentions.append(mention)

    def _merge_longer_forms(self, people: list[Group], groups: list[Group]) -> None:
        """``Seyed Ali Khamenei``/``Ali Khamenei``, ``Donald John Trump``/``Donald Trump``: one person."""
        for short in sorted(people, key=lambda g: len(_name_tokens(g))):
            tokens = _name_tokens(short)
            for long in people:
                other = _name_tokens(long)
                if long is short or long not in groups or short not in groups or len(other) <= len(tokens):
                    continue
                if other[-len(tokens):] == tokens or (other[0] == tokens[0] and other[-1] == tokens[-1]):
                    if short.known is not None and long.known is not None and short.known != long.known:
                        continue
                    long.absorb(short)
                    groups.remove(short)
                    break

    def _known_by_surname(self, group: Group) -> None:
        """A surname alone that news uses for one person (``Putin``), or a titled surname (``Ayatollah
        Khamenei``) that only one person in the lexicon carries."""
        short = self.lex.short_names.get(_name_tokens(group)[0])
        if short is not None and _country_fits(group, short):
            group.known = short
            return
        if not group.mentions[0].titles:
            return
        matches = self.lex.people_by_surname(_name_tokens(group)[0])
        if len(matches) == 1 and _country_fits(group, next(iter(matches))):
            group.known = next(iter(matches))

    def _attach_role_references(self, doc: Doc, groups: list[Group]) -> None:
        """``the Leader`` → the person the text introduced with that role or title; modifiers must agree."""
        introduced: list[tuple[int, str, set[str], Group, bool]] = []
        for group in groups:
            for mention in group.mentions:
                roles = [(name_key(r), r) for r in mention.roles]
                roles += [(name_key(t.title), t.title) for t in mention.titles if t.kind != "honorific"]
                for key, _ in roles:
                    words = key.split()
                    ranked = any(w in _RANKS for w in words) or bool(mention.modifiers & _RANKS)
                    introduced.append((mention.start, words[-1], mention.modifiers, group, ranked))
        if not introduced:
            return
        covered = {i for g in groups for m in g.mentions for i in range(m.start, m.end)}
        heads = {role for _, role, _, _, _ in introduced}
        lower = token_view(doc).lower
        for i, word in enumerate(lower[:-1]):
            if word != "the" or not any(name_key(w) in heads for w in lower[i + 1:i + 5]):
                continue
            reference = self._role_reference(doc, i, introduced, covered)
            if reference is None:
                continue
            end, group = reference
            group.mentions.append(Mention(i, end, i, end, "PERSON", doc[i:end].text, source="role"))
            covered.update(range(i, end))

    def _role_reference(self, doc: Doc, det: int, introduced, covered) -> tuple[int, Group] | None:
        i = det + 1
        modifiers = set()
        while i < len(doc) and i - det <= 3 and (doc[i].pos_ == "ADJ" or doc[i].lower_ in ("late", "former")):
            modifiers.add(doc[i].lower_)
            i += 1
        if i >= len(doc) or i in covered or doc[i].tag_ in ("NNS", "NNPS") or doc[i].pos_ not in ("NOUN", "PROPN"):
            return None
        after = doc[i + 1] if i + 1 < len(doc) else None
        if after is not None and (after.lower_ == "of" or after.pos_ == "PROPN" or after.text in ("’s", "'s")
                                  and False):
            return None  # "the commander of X", "the Leader Ali Khamenei": a new description, not a reference
        head = name_key(doc[i].text)
        wants_rank = bool(modifiers & _RANKS)
        candidates = [(ranked == wants_rank, start, group) for start, role, mods, group, ranked in introduced
                      if role == head and start < det and (modifiers - _RANKS) <= mods]
        if not candidates:
            return None
        return i + 1, max(candidates, key=lambda c: (c[0], c[1]))[2]

    # -- attributes ------------------------------------------------------------------------------------------

    def _resolve(self, doc: Doc, groups: list[Group]) -> dict[int, str | None]:
        """Each group's country, keyed by id(group); people last, since they may take an organisation's."""
        countries: dict[int, str | None] = {}
        for group in sorted(groups, key=lambda g: g.label == "PERSON"):
            countries[id(group)] = self._country(doc, group, groups, countries)
        return countries

    def _country(self, doc: Doc, group: Group, groups: list[Group], countries: dict[int, str | None]) -> str | None:
        if group.known is not None and group.known.country:
            return group.known.country
        if group.known is not None and group.known.sector in ("IGO", "NGO"):
            return None
        hints = [iso3 for m in group.mentions for iso3, _ in m.country_hints]
        if group.label in _PLACE_LABELS and not hints:
            return self._place_country(group.mentions[0].name)
        if hints:
            return hints[0]
        for mention in group.mentions:
            for start, end in mention.related:
                country = self._related_country(doc, start, end, group, groups, countries)
                if country is not None:
                    return country
        return None

    def _related_country(self, doc: Doc, start: int, end: int, group: Group, groups: list[Group],
                         countries: dict[int, str | None]) -> str | None:
        """The country of the first entity named in what a role is "of" (``commander of the Quds Force``)."""
        owners = [(m.start, other) for other in groups if other is not group for m in other.mentions
                  if start <= m.start < end]
        if not owners:
            return None
        first_start, first = min(owners, key=lambda o: o[0])
        if any(doc[k].lower_ in _COMPLEMENT_STOPS for k in range(start, first_start)):
            return None
        return countries.get(id(first))

    def _place_country(self, name: str) -> str | None:
        iso3 = self.lex.country_of_name(name) or self.lex.capitals.get(name_key(name))
        if iso3:
            return iso3
        region = self.lex.regions.get(name_key(name))
        if region is not None:
            return region.country
        city = self.gazetteer.best(name)
        return city.country if city else None

    def _entity(self, doc: Doc, group: Group, countries: dict[int, str | None]) -> Entity:
        mentions = sorted(group.mentions, key=lambda m: m.start)
        label = group.label
        name = self._canonical_name(group, label)
        titles = list(dict.fromkeys(t.title for m in mentions for t in m.titles))
        spans = [Span(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1].text),
                      doc[m.start:m.end].text) for m in mentions]
        spans = list({(s.start, s.end): s for s in spans}.values())
        aliases = sorted({m.name for m in mentions if m.source != "role" and m.name != name}
                         | ({group.expansion} if group.expansion and group.expansion != name else set()))
        roles = list(dict.fromkeys(r for m in mentions for r in m.roles))
        country = countries.get(id(group))
        sector, sector_basis = self._sector(group, label)
        basis = {}
        if country:
            basis["country"] = self._country_basis(group, country)
        if sector:
            basis["sector"] = sector_basis
        return Entity(id="", name=name, type=label, mentions=spans, country=country, sector=sector,
                      titles=titles, aliases=aliases, roles=roles, basis=basis)

    def _canonical_name(self, group: Group, label: str) -> str:
        if group.known is not None:
            return group.known.name
        if group.expansion:
            return group.expansion
        names = [m.name for m in group.mentions if m.source != "role"]
        if label == "PERSON":
            return max(names, key=lambda n: (len(n.split()), -names.index(n)))
        return Counter(names).most_common(1)[0][0]

    def _sector(self, group: Group, label: str) -> tuple[str | None, str]:
        if group.known is not None and group.known.sector:
            return group.known.sector, "lexicon"
        hints = [s for m in group.mentions for s in m.sector_hints]
        if hints:
            return hints[0], "title" if label == "PERSON" else "name"
        return None, ""

    def _country_basis(self, group: Group, country: str) -> str:
        if group.known is not None and group.known.country == country:
            return "lexicon"
        for mention in group.mentions:
            for iso3, basis in mention.country_hints:
                if iso3 == country:
                    return basis
        if group.label in _PLACE_LABELS:
            return "gazetteer"
        return "related"


def _country_fits(group: Group, known: Known) -> bool:
    """A surname names a lexicon person only if the text does not give the bearer another country
    (``Jordanian Foreign Minister Haddad`` is not the lexicon's Palestinian Haddad)."""
    countries = {iso3 for m in group.mentions for iso3, _ in m.country_hints}
    return not countries or known.country is None or known.country in countries


def _names(known: Known, name: str) -> bool:
    """Whether a lexicon entry goes by this name."""
    key = name_key(name)
    return any(name_key(n) == key for n in (known.name, *known.aliases))


def _name_tokens(group: Group) -> list[str]:
    names = [m for m in group.mentions if m.source not in ("role", "acronym", "definition")]
    if not names:
        return []
    return max((m.tokens for m in names), key=len)


def _in_capitalised_run(view: TokenView, i: int) -> bool:
    """Whether a token is part of a longer capitalised name (``Mensah Street``), not a name alone."""
    return any(0 <= k < len(view.text) and view.is_title[k] and view.pos[k] == "PROPN" for k in (i - 1, i + 1))


def _title_fit(short: Group, full: Group) -> int:
    """How well the titles used with a short name fit those of a full name (shared titles and sectors)."""
    mine = {t for m in short.mentions for t in m.titles}
    theirs = {t for m in full.mentions for t in m.titles}
    if not mine:
        return 0
    shared = len(mine & theirs)
    sectors = {t.sector for t in mine if t.sector} & {t.sector for t in theirs if t.sector}
    return 2 * shared + len(sectors) - (1 if not theirs else 0)
