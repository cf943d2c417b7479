"""Who an event's argument is: an entity, a described person, a group of agents, or nobody the text names.

Given the head token of an argument (``Leader``, ``forces``, ``strike``, ``Tehran``), the resolver returns an
:class:`~newsledger.records.Actor` with country (ISO alpha-3), sector and a CAMEO-style code, from — in order —
the entity the head is a mention of (capitals and seats of government stand for their government:
``Tehran`` → IRNGOV, ``the Kremlin`` → RUSGOV); the person a role noun describes (``the Leader of the Islamic
Revolution Ayatollah Khamenei``); a name in apposition; a group of agents with the country its words give
(``Israeli forces`` → ISRMIL, ``the commanders of the IRGC`` → IRNMIL); the maker of a nominal event (``a US drone
strike`` → USA); a pronoun whose antecedent is unambiguous in the sentence or the one before. Anything else is not
an actor: the resolver never guesses a country.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from ..records import Actor, Entity
from .entities import EntityIndex
from .lexicons import Lexicons, name_key

_MODIFIER_DEPS = {"amod", "compound", "poss", "nmod", "npadvmod"}
_PERSONAL = {"he", "she", "him", "her", "his"}
_GROUP = {"they", "them", "their", "it", "its"}
_ACTOR_TYPES = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}


class ActorResolver:
    def __init__(self, lexicons: Lexicons) -> None:
        self.lex = lexicons

    def resolve(self, doc: Doc, head: Token, entities: EntityIndex, event_nouns: frozenset[str] = frozenset()
                ) -> Actor | None:
        """The actor an argument headed by ``head`` names, or None."""
        if head.pos_ == "PRON" or head.tag_ in ("PRP", "PRP$"):
            entity = self._antecedent(doc, head, entities)
            return self._from_entity(doc, entity, head.i, head.i + 1, entities) if entity else None
        span = entities.span_at(head.i)
        if span is not None and span[2].type in _ACTOR_TYPES:
            return self._from_entity(doc, span[2], span[0], span[1], entities)
        if head.ent_type_ in ("DATE", "TIME"):  # a parse that hung the name on a date: "met Assad Tuesday"
            for child in head.children:
                if child.dep_ == "compound" and child.i < head.i:
                    return self.resolve(doc, child, entities, event_nouns)
            return None
        described = entities.described_by(head.i)
        if described is not None:
            return self._from_entity(doc, described, *self._mention_of(described, head, entities), entities)
        for child in head.children:
            if child.dep_ == "appos":
                span = entities.span_at(child.i)
                if span is not None and span[2].type in ("PERSON", "ORG"):
                    return self._from_entity(doc, span[2], span[0], span[1], entities)
        if head.lower_ in self.lex.group_nouns or head.lemma_.lower() in self.lex.group_nouns:
            member = self._of_object(head)
            if member is not None:  # "thousands of Iraqi Kurds", "a group of Moroccan diplomats"
                return self.resolve(doc, member, entities, event_nouns)
        if head.lemma_.lower() in event_nouns or head.lower_ in event_nouns:
            return self.maker(doc, head, entities)
        return (self._agents(doc, head, entities) or self._named_by_modifier(doc, head, entities)
                or self._described_group(doc, head, entities))

    def _named_by_modifier(self, doc: Doc, head: Token, entities: EntityIndex) -> Actor | None:
        """``the Asia-Pacific Economic Cooperation (APEC) forum``, ``the Hamas movement``: a generic head noun
        whose own name is an organisation (or person) written before it."""
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        for child in sorted(head.children, key=lambda c: c.i):
            if child.dep_ in ("compound", "nmod") and child.i < head.i:
                span = entities.span_at(child.i)
                if span is not None and span[2].type in ("ORG", "PERSON"):
                    return self._from_entity(doc, span[2], span[0], span[1], entities)
        return None

    def coordinated(self, doc: Doc, head: Token, actor: Actor, entities: EntityIndex) -> list[Actor]:
        """More actors when a group's country modifier is coordinated: ``US and British activists``."""
        if actor.entity is not None or actor.country is None:
            return []
        more = []
        for child in head.children:
            if child.dep_ not in _MODIFIER_DEPS or child.i > head.i:
                continue
            for conj in child.conjuncts:
                country = self._country_of_modifier(doc, conj, entities)
                if country and country != actor.country:
                    more.append(Actor(text=actor.text, name=None, country=country, sector=actor.sector,
                                      code=self._code(country, actor.sector, None), start=actor.start,
                                      end=actor.end))
        return more

    def part_of(self, doc: Doc, head: Token, entities: EntityIndex) -> Actor | None:
        """What a target that is not itself an actor belongs to: ``a part of Syria's second city`` → Syria.
        Only possessives, compounds and of-phrases count, never a place the action happened in."""
        owner = self._of_entity(head, entities) or self._owner_at(head, entities)
        if owner is None:
            return None
        spans = [(s, e) for s, e, ent, _ in entities.spans if ent is owner and head.left_edge.i <= s <= head.right_edge.i]
        start, end = spans[0] if spans else self._noun_phrase(head)
        return self._from_entity(doc, owner, start, end, entities)

    def maker(self, doc: Doc, noun: Token, entities: EntityIndex) -> Actor | None:
        """Who carried out a nominal event: ``a US drone strike``, ``Israel's offensive``, ``an attack by Hamas``."""
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ == "by":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return self.resolve(doc, pobj, entities)
        for child in sorted(noun.children, key=lambda c: c.i):
            if child.dep_ in _MODIFIER_DEPS and child.i < noun.i:
                actor = self._modifier_actor(doc, child, entities)
                for grandchild in () if actor is not None else sorted(child.children, key=lambda c: c.i):
                    if grandchild.dep_ in _MODIFIER_DEPS and grandchild.i < child.i:
                        actor = actor or self._modifier_actor(doc, grandchild, entities)
                if actor is not None:
                    return actor
        return None

    # -- groups of agents ------------------------------------------------------------------------------------

    def _agents(self, doc: Doc, head: Token, entities: EntityIndex) -> Actor | None:
        """``Israeli forces``, ``Iran's foreign minister``, ``the commanders of the IRGC``, ``protesters``;
        also any group a country's name or demonym qualifies (``Israeli tanks``, ``Syrian state media``)."""
        sector = self._role_sector(head)
        is_role = sector is not None or name_key(head.lemma_) in self.lex.roles or head.lower_ in self.lex.roles
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        country = None
        for child in head.children:
            if child.dep_ in _MODIFIER_DEPS and child.i < head.i:
                country = country or self._country_of_modifier(doc, child, entities)
        for child in head.children:  # "Panamanian army officers": the country qualifies a compound modifier
            if country is None and child.dep_ == "compound" and child.i < head.i:
                country = next((c for c in (self._country_of_modifier(doc, g, entities) for g in child.children
                                            if g.dep_ in ("amod", "compound", "poss") and g.i < child.i) if c), None)
        if country is None and is_role:
            owner = self._of_entity(head, entities)
            if owner is not None:
                country = owner.country
        if not is_role and country is None:
            return None
        start, end = self._noun_phrase(head)
        code = self._code(country, sector, None)
        return Actor(text=doc[start:end].text, name=None, country=country, sector=sector, code=code,
                     start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text), entity=None)

    def _described_group(self, doc: Doc, head: Token, entities: EntityIndex) -> Actor | None:
        """``The family of General Soleimani``: named through someone else; text kept, nothing guessed."""
        if head.pos_ != "NOUN" or self._of_named(head, entities) is None:
            return None
        start, end = self._noun_phrase(head)
        return Actor(text=doc[start:end].text, start=doc[start].idx,
                     end=doc[end - 1].idx + len(doc[end - 1].text))

    @staticmethod
    def _of_object(head: Token) -> Token | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                return next((p for p in child.children if p.dep_ == "pobj"), None)
        return None

    @staticmethod
    def _of_named(head: Token, entities: EntityIndex) -> Entity | None:
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for pobj in child.children:
                    span = entities.span_at(pobj.i) if pobj.dep_ == "pobj" else None
                    if span is not None and span[2].type in ("PERSON", "ORG", "GPE", "NORP"):
                        return span[2]
        return None

    def _role_sector(self, head: Token) -> str | None:
        for form in (head.lower_, head.lemma_.lower()):
            sector = self.lex.roles.get(name_key(form))
            if sector:
                return sector
        return None

    def _of_entity(self, head: Token, entities: EntityIndex, depth: int = 0) -> Entity | None:
        """The organisation or country a role belongs to: ``of the IRGC``, ``of the city of Nablus``,
        ``a member of the Hamas movement`` (following of-chains and apposition two steps deep)."""
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ in ("of", "from", "in"):
                for pobj in child.children:
                    if pobj.dep_ != "pobj":
                        continue
                    owner = self._owner_at(pobj, entities)
                    if owner is None and depth < 2:
                        owner = self._of_entity(pobj, entities, depth + 1)
                    if owner is not None:
                        return owner
            elif child.dep_ == "appos" and depth < 2:
                owner = self._of_entity(child, entities, depth + 1)
                if owner is not None:
                    return owner
        return None

    @staticmethod
    def _owner_at(token: Token, entities: EntityIndex) -> Entity | None:
        for candidate in (token, *(c for c in token.children if c.dep_ in ("compound", "poss", "amod"))):
            span = entities.span_at(candidate.i)
            if span is not None and span[2].country and span[2].type in ("ORG", "GPE", "NORP", "LOC"):
                return span[2]
        return None

    def _country_of_modifier(self, doc: Doc, token: Token, entities: EntityIndex) -> str | None:
        span = entities.span_at(token.i)
        if span is not None and span[2].country:
            return span[2].country
        if token.tag_ == "PRP$":
            antecedent = self._antecedent(doc, token, entities)
            return antecedent.country if antecedent else None
        return self.lex.country_of_demonym(token.text) or self.lex.country_of_name(token.text)

    def _modifier_actor(self, doc: Doc, token: Token, entities: EntityIndex) -> Actor | None:
        span = entities.span_at(token.i)
        if span is not None and span[2].type in _ACTOR_TYPES:
            return self._from_entity(doc, span[2], span[0], span[1], entities)
        if token.tag_ == "PRP$":
            return self.resolve(doc, token, entities)
        country = self.lex.country_of_demonym(token.text)
        if country:
            return Actor(text=token.text, name=None, country=country, sector=None, code=country,
                         start=token.idx, end=token.idx + len(token.text))
        return None

    # -- entities and pronouns -------------------------------------------------------------------------------

    def _from_entity(self, doc: Doc, entity: Entity, start: int, end: int, entities: EntityIndex) -> Actor:
        sector = entity.sector
        known = self.lex.known(entity.name, entity.type)
        if entity.type == "GPE" and sector is None and self.lex.capitals.get(name_key(entity.name)):
            sector = "GOV"  # a capital stands for its government: "Tehran said"
        code = known.code if known is not None and known.code else self._code(entity.country, sector, entity)
        return Actor(text=doc[start:end].text, name=entity.name, country=entity.country, sector=sector, code=code,
                     start=doc[start].idx, end=doc[end - 1].idx + len(doc[end - 1].text), entity=entity.id)

    @staticmethod
    def _code(country: str | None, sector: str | None, entity: Entity | None) -> str | None:
        code = (country or "") + (sector or "")
        return code or None

    @staticmethod
    def _mention_of(entity: Entity, head: Token, entities: EntityIndex) -> tuple[int, int]:
        """The mention of ``entity`` nearest a role noun describing it (for the actor's text and offsets)."""
        spans = [(s, e) for s, e, ent, _ in entities.spans if ent is entity]
        return min(spans, key=lambda se: abs(se[0] - head.i)) if spans else (head.i, head.i + 1)

    def _antecedent(self, doc: Doc, pronoun: Token, entities: EntityIndex) -> Entity | None:
        """An unambiguous antecedent: for he/she the nearest person before it in this sentence or the last one;
        for they/it an organisation or place in the same sentence. None when there is no clear candidate."""
        word = pronoun.lower_
        if word in _PERSONAL:
            wanted, floor = ("PERSON",), _previous_sentence_start(doc, pronoun)
        elif word in _GROUP:
            wanted, floor = ("ORG", "GPE"), pronoun.sent.start
        else:
            return None
        candidates = [(s, ent) for s, e, ent, source in entities.spans
                      if floor <= s < pronoun.i and ent.type in wanted]
        if not candidates:
            return None
        return max(candidates, key=lambda c: c[0])[1]

    @staticmethod
    def _noun_phrase(head: Token) -> tuple[int, int]:
        start = head.i
        for child in head.children:
            if child.i < head.i and child.dep_ in _MODIFIER_DEPS | {"det", "nummod", "quantmod"}:
                start = min(start, child.left_edge.i)
        end = head.i + 1
        for child in head.children:
            if child.dep_ == "prep" and child.lower_ == "of" and child.i > head.i:
                end = max(end, child.right_edge.i + 1)
        return start, end


def _previous_sentence_start(doc: Doc, token: Token) -> int:
    start = token.sent.start
    return doc[start - 1].sent.start if start > 0 else 0
