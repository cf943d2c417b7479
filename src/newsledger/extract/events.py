"""The event coder: from each sentence's dependency parse, who did what to whom, as CAMEO events.

For every verb or noun whose lemma has a rule (``data/event_rules.tsv``) and whose constraints hold, the coder
finds the arguments — subject, object or prepositional target; the agent of a passive (``was killed by``); the
controller of a complement (``vowed to retaliate``), a coordinated verb's subject (``met and praised``), the noun a
relative or participial clause modifies; the maker of a nominal event (``a US drone strike … killed``) — and
resolves each to an actor. Verbs that govern another action turn it into the code they mean (``threatened to
attack`` → 138x, ``urged Iran to release`` → 0253, ``refused to meet`` → 125). Modality comes from the clause:
negation, future, conditionals and modals, and claims — an event inside what a speech verb reports is ``claimed``
and ``attributed_to`` the speaker, and the speech act is an event of its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import product

from spacy.tokens import Doc, Span as SpacySpan, Token

from ..records import Actor, Event, Place, Span, TimeRef
from .actors import ActorResolver
from .clauses import dateline, past_dateline
from .entities import EntityIndex
from .mentions import token_view
from .ontology import Ontology
from .rules import NOT_AN_EVENT, Rule, RuleSet
from .syntax import syntax_view
from .when import event_date
from .where import event_location

GOVERNING = {"intent", "threat", "refusal", "request", "demand"}
#: Not a row of event_rules.tsv: the rule the coder applies to obligations in reported speech.
OBLIGATION = Rule(id="reported-obligation", pos="verb", lemma="must", particle=None, objects=frozenset(),
                  preps=frozenset(), target="none", kind="demand", code="100", order=-1)
SYMMETRIC_ROOTS = {"03", "04", "05", "06"}


@dataclass(slots=True)
class Clause:
    """A coded predicate before its arguments are turned into actors."""

    trigger: Token
    rule: Rule
    code: str
    sources: list[Token] = field(default_factory=list)
    targets: list[Token] = field(default_factory=list)
    modality: str = "asserted"
    speaker: Token | None = None  # the speech verb whose report contains this clause
    extra: dict = field(default_factory=dict)


class EventCoder:
    def __init__(self, rules: RuleSet, ontology: Ontology, actors: ActorResolver) -> None:
        self.rules = rules
        self.ontology = ontology
        self.actors = actors
        self.event_nouns = frozenset(lemma for pos, lemma in rules.rules if pos == "noun")

    def code(self, doc: Doc, entities: EntityIndex, *, times: list[TimeRef] = (), places: list[Place] = (),
             published: str | None = None) -> list[Event]:
        """The article's events, each dated and placed by its own clause (``times``/``places`` are the
        article's time expressions and resolved places)."""
        events: list[Event] = []
        for sentence in doc.sents:
            events.extend(self._sentence(doc, sentence, entities, events))
        by_trigger: dict[int, list[Event]] = {}
        for number, event in enumerate(events, start=1):
            event.id = f"v{number}"
            trigger_i = event.extra.pop("_trigger_i")
            by_trigger.setdefault(trigger_i, []).append(event)
            event.extra.pop("_speech_i", None)
            target_named = event.extra.pop("_target_named", False)
            event.date = event_date(doc, trigger_i, list(times), published)
            physical = event.quad_class in (2, 4) or event.root == "04"
            event.location = event_location(doc, trigger_i, list(places), physical=physical)
            if event.target is None and not target_named and event.root != "01":
                event.target = _place_target(doc, event_location(doc, trigger_i, list(places)), entities)
                if event.target is not None:
                    event.extra["target_from"] = "location"
        _places_of_consequences(doc, by_trigger)
        for number, event in enumerate(events):
            _date_from_antecedent(event, events[:number])
        return events

    # -- one sentence ----------------------------------------------------------------------------------------

    def _sentence(self, doc: Doc, sentence: SpacySpan, entities: EntityIndex, earlier: list[Event]) -> list[Event]:
        found = self._triggers(sentence, entities)
        if not found:
            return []
        reports = self._reports(doc, found)
        clauses: list[Clause] = []
        handled: set[int] = set()
        for i in sorted(found):
            if i in handled:
                continue
            clauses.extend(self._clauses(doc, doc[i], found, reports, handled))
        clauses.extend(self._reported_obligations(doc, found))
        events: list[Event] = []
        for clause in clauses:
            events.extend(self._events(doc, sentence, clause, entities, earlier + events))
        return _unique(self._reported_conflict(events))

    def _reported_conflict(self, events: list[Event]) -> list[Event]:
        """``The US said ISIL attacked Iraq``: a statement that someone else attacked accuses them (112); a
        statement that the speaker itself did claims responsibility (015). Media reports stay statements."""
        for statement in [e for e in events if e.cameo == "010" and e.source is not None and e.source.entity]:
            if statement.source.sector == "MED":
                continue
            reported = [e for e in events if e.attributed_to == statement.source.entity and e.quad_class == 4
                        and e.modality == "claimed" and e.extra.get("_speech_i") == statement.extra["_trigger_i"]]
            if not reported:
                continue
            first = reported[0]
            if statement.source.country is None and first.source is not None and first.source.country:
                continue  # "the Defence Ministry said the army destroyed …": perhaps its own side, not an accusation
            if first.source is not None and first.source.entity == statement.source.entity:
                code, target = "015", first.target
            elif first.source is not None and self._same_side(statement.source, first.source):
                continue  # "the U.S. Central Command said the United States launched a strike": its own side
            elif first.source is not None:
                code, target = "112", first.source
            else:
                continue
            info = self.ontology[code]
            statement.cameo, statement.root, statement.quad_class = info.code, info.root, info.quad_class
            statement.goldstein, statement.label, statement.plover = info.goldstein, info.name, info.plover
            statement.target = target
            statement.extra["reported"] = first.trigger.text
        return events

    def _same_side(self, speaker: Actor, actor: Actor) -> bool:
        """One state speaking of its own acts: its government, military, police or the country itself
        (``the U.S. Central Command said the United States launched …``). Any other group of the same
        country (an opposition council, a rights group) speaking of them accuses them."""
        return bool(speaker.country) and speaker.country == actor.country \
            and self._is_state(speaker) and self._is_state(actor)

    def _is_state(self, actor: Actor) -> bool:
        return actor.sector in _STATE_SECTORS or (
            actor.sector is None and self.actors.lex.country_of_name(actor.name or actor.text) == actor.country)

    def _triggers(self, sentence: SpacySpan, entities: EntityIndex) -> dict[int, Rule]:
        found: dict[int, Rule] = {}
        doc = sentence.doc
        parts, lemmas = token_view(doc).pos, syntax_view(doc).lemma
        for i in range(sentence.start, sentence.end):
            pos = _POS.get(parts[i])
            rules = self.rules.candidates(pos, lemmas[i]) if pos is not None else ()
            token = doc[i] if rules else None
            for rule in rules:
                if self._holds(token, rule, entities):
                    if rule.code != NOT_AN_EVENT or rule.kind in GOVERNING:
                        found[token.i] = rule  # a governing "-" rule codes only through its complement
                    break
        return found

    def _holds(self, token: Token, rule: Rule, entities: EntityIndex) -> bool:
        if rule.particle and not any(c.lower_ == rule.particle and (c.dep_ == "prt" or (
                c.dep_ in ("prep", "advmod") and c.i == token.i + 1)) for c in token.children):
            return False
        if rule.objects:
            deps = ("dobj", "obj", "nsubjpass", "dative") if rule.pos == "verb" else ("compound", "amod", "nmod")
            objects = [c for c in token.children if c.dep_ in deps]
            if rule.pos == "verb" and _is_passive(token):
                objects += _passive_subjects(token)
            if rule.pos == "verb":
                objects += _as_object(token)
            if rule.pos == "noun":  # "the withdrawal of the troops"
                objects += [p for c in token.children if c.dep_ == "prep" and c.lower_ == "of"
                            for p in c.children if p.dep_ == "pobj"]
            else:  # "provided photographs and intelligence", "ended its mediation efforts"
                objects += [t for o in objects for t in (*o.conjuncts, *(c for c in o.children
                                                                        if c.dep_ == "compound"))]
            if rule.pos == "verb":  # an uncoded governed verb counts as the object: "declined to comment"
                objects += [c for c in token.children if c.dep_ == "xcomp"
                            and not self.rules.candidates("verb", c.lemma_.lower())]
            if not any(_object_matches(c, rule.objects, entities) for c in objects):
                return False
        if rule.pos == "verb" and rule.target == "prep":
            return bool(self._prep_objects(token, rule, include_object=bool(rule.objects)))
        return True

    def _reports(self, doc: Doc, found: dict[int, Rule]) -> dict[int, Token]:
        """Token -> the speech verb whose reported clause it lies in (``X said [the US attacked Iraq]``)."""
        reports: dict[int, Token] = {}
        for i, rule in found.items():
            if rule.kind not in ("speech", "accusation", "denial"):
                continue
            for child in doc[i].children:
                if child.dep_ in ("ccomp", "parataxis") or (child.dep_ == "xcomp" and rule.kind == "speech"):
                    for token in child.subtree:
                        reports.setdefault(token.i, doc[i])
        return reports

    def _reported_obligations(self, doc: Doc, found: dict[int, Rule]) -> list[Clause]:
        """``The administration declared that China must drop barriers``: what a speaker says someone must do
        is a demand of them (10), even when the action itself has no rule."""
        clauses = []
        for i, rule in found.items():
            if rule.kind != "speech":
                continue
            clausal = _clausal_complement(doc[i])
            if clausal is None or clausal.i in found or not _obligation(clausal):
                continue
            subjects = _subjects_of(clausal)
            if subjects:
                clause = Clause(clausal, OBLIGATION, self.ontology.complement("demand", "01"))
                clause.sources, clause.targets = self._subjects(doc[i]), subjects
                clause.extra["embedded"] = {"cameo": None, "trigger": clausal.text}
                clauses.append(clause)
        return clauses

    # -- clauses ---------------------------------------------------------------------------------------------

    def _clauses(self, doc: Doc, token: Token, found: dict[int, Rule], reports: dict[int, Token],
                 handled: set[int]) -> list[Clause]:
        rule = found[token.i]
        if rule.pos == "noun" and self._covered_noun(token, found):
            return []
        if rule.kind in GOVERNING:
            return self._governed(doc, token, rule, found, reports, handled)
        if rule.kind == "denial":
            return self._denial(doc, token, rule, found, reports, handled)
        if rule.kind == "accusation":
            return self._accusation(doc, token, rule, found, reports, handled)
        clause = self._plain(token, rule, reports, found)
        return [clause] if clause is not None else []

    def _plain(self, token: Token, rule: Rule, reports: dict[int, Token], found: dict[int, Rule]
               ) -> Clause | None:
        clause = Clause(token, rule, rule.code, speaker=reports.get(token.i))
        if rule.pos == "noun":
            clause.sources = self._noun_sources(token, found)
            clause.targets = self._noun_targets(token, rule)
        else:
            clause.sources, clause.targets = self._verb_arguments(token, rule)
        self._set_modality(clause)
        if clause.code == NOT_AN_EVENT:
            return clause  # a governing-only verb: it codes through what it governs, if anything
        if clause.speaker is not None and _obligation(token):
            self._as_demand(clause)
        elif clause.extra.get("scheduled"):
            pass  # "is due to sign", "is expected to meet": a future others set, not the actor's intent
        elif clause.modality == "future" and self.ontology[clause.code].quad_class in (1, 2) \
                and clause.code[:2] not in ("01", "02", "03"):
            self._as_intent(clause)
        elif clause.modality == "future" and self.ontology[clause.code].quad_class == 4:
            self._as_intent(clause, "threat")
        return clause

    def _as_intent(self, clause: Clause, kind: str = "intent") -> None:
        """``Portugal will support Turkey``: CAMEO codes cooperation told in the future as intent (03), and
        conflict told in the future as a threat (13: ``the farmers said they would blockade Paris``)."""
        clause.extra["embedded"] = {"cameo": clause.code, "trigger": clause.trigger.text}
        clause.code = self.ontology.complement(kind, clause.code)

    def _as_demand(self, clause: Clause) -> None:
        """``X said Iraq must cooperate``: the speaker demands of the clause's subject what it must do (10)."""
        clause.extra["embedded"] = {"cameo": clause.code, "trigger": clause.trigger.text}
        clause.code = self.ontology.complement("demand", clause.code)
        clause.targets = clause.sources
        clause.sources = self._subjects(clause.speaker)
        clause.speaker = None
        clause.modality = "asserted"

    def _governed(self, doc: Doc, token: Token, rule: Rule, found: dict[int, Rule], reports: dict[int, Token],
                  handled: set[int]) -> list[Clause]:
        """``vowed to retaliate``, ``threatened to attack``, ``urged Iran to release``, ``refused to meet``."""
        clause = Clause(token, rule, rule.code, speaker=reports.get(token.i))
        clause.sources = self._subjects(token)
        kind = rule.kind
        clausal = _clausal_complement(token)  # "demanded that Mugabe abandon his policy"
        if kind in ("request", "demand") and not self._objects(token) and clausal is None and rule.target != "prep":
            kind = "intent"  # "Obama wants to attack": his own intent, not a request of anyone
        inner = self._complement(token, found)
        if inner is not None:
            handled.add(inner.i)
            inner_rule = found[inner.i]
            embedded = self._plain(inner, inner_rule, reports, found)
            clause.code = self.ontology.complement(kind, embedded.code if embedded else inner_rule.code)
            clause.extra["embedded"] = {"cameo": inner_rule.code, "trigger": inner.text}
            asked = [t for t in self._objects(token) if t is not inner] or _subjects_of(clausal) \
                if kind in ("request", "demand") else []  # "demanded the removal of X": X, not "the removal"
            clause.targets = asked or (embedded.targets if embedded else [])
        elif rule.code == NOT_AN_EVENT:
            return []
        else:
            _, clause.targets = self._verb_arguments(token, rule)
            if not clause.targets and kind in ("request", "demand"):
                clause.targets = _subjects_of(clausal)
        if not clause.sources and kind == "intent" and "to" in rule.preps:  # "Vietnam is committed to opening up"
            clause.sources = [c for c in token.children if c.dep_ == "nsubjpass"]
            clause.targets = [t for t in clause.targets if t not in clause.sources]
        if not clause.sources:
            return []  # "a trip aimed at pushing for a ceasefire": an intent, threat or appeal is someone's
        self._set_modality(clause)
        if kind == "intent" and clause.modality == "asserted":
            clause.modality = "future"
        return [clause]

    def _denial(self, doc: Doc, token: Token, rule: Rule, found: dict[int, Rule], reports: dict[int, Token],
                handled: set[int]) -> list[Clause]:
        """``X denied attacking Y``: the denial (016) and the denied action, negated and attributed to X."""
        denial = Clause(token, rule, rule.code, speaker=reports.get(token.i))
        denial.sources = self._subjects(token)
        self._set_modality(denial)
        clauses = [denial]
        inner = self._complement(token, found)
        if inner is not None:
            handled.add(inner.i)
            denied = self._plain(inner, found[inner.i], reports, found)
            if denied is not None:
                denied.modality = "negated"
                denied.speaker = token
                clauses.append(denied)
        return clauses

    def _accusation(self, doc: Doc, token: Token, rule: Rule, found: dict[int, Rule], reports: dict[int, Token],
                    handled: set[int]) -> list[Clause]:
        """``X accused Y of attacking Z``: the accusation (112, X→Y) and the alleged action Y→Z, claimed by X."""
        accusation = Clause(token, rule, rule.code, speaker=reports.get(token.i))
        if _is_passive(token):  # "Aristide has been accused of misusing funds by government officials"
            accusers, accused = self._verb_arguments(token, rule)
            accusation.sources, accusation.targets = accusers, accused if accusers else []
        else:
            accusation.sources = self._subjects(token)
            accused = accusation.targets = self._objects(token)
        self._set_modality(accusation)
        clauses = [accusation]
        inner = self._complement(token, found)
        if inner is not None:
            handled.add(inner.i)
            alleged = self._plain(inner, found[inner.i], reports, found)
            if alleged is not None:
                alleged.sources = alleged.sources or accused
                alleged.speaker = token
                if alleged.modality == "asserted":
                    alleged.modality = "claimed"
                clauses.append(alleged)
        return clauses

    # -- arguments -------------------------------------------------------------------------------------------

    def _verb_arguments(self, token: Token, rule: Rule) -> tuple[list[Token], list[Token]]:
        if _is_passive(token):
            sources = [pobj for agent in token.children if agent.dep_ == "agent"
                       for pobj in agent.children if pobj.dep_ == "pobj"]
            if rule.objects and rule.target in ("prep", "object|prep"):  # "evidence against Russia was presented"
                targets = self._prep_objects(token, rule, include_object=True)
            elif token.dep_ == "acl" and token.tag_ == "VBN":
                targets = [token.head]
            else:
                targets = _passive_subjects(token)
            if not sources:
                sources = self._instrument_makers(token)
            return _expand(sources), _expand(targets)
        sources = self._subjects(token)
        if rule.target != "none" and not self._objects(token) and not self._prep_objects(token, rule, True):
            token = _shared_object_holder(token)  # "met and praised Xi": the last conjunct holds the object
        if rule.target == "none":
            targets: list[Token] = []
        elif rule.target == "object":  # a constrained object is the target too: "released the prisoners"
            targets = self._objects(token) or [c for c in token.children if c.dep_ == "nsubjpass"] \
                or (_as_object(token) if rule.objects else [])
        elif rule.target == "prep":
            targets = self._prep_objects(token, rule, include_object=bool(rule.objects))
        else:
            targets = (self._objects(token) if not rule.objects else []) or \
                self._prep_objects(token, rule, include_object=bool(rule.objects))
        return sources, _expand(targets)

    def _subjects(self, token: Token) -> list[Token]:
        """The subject of a verb, through control, coordination, relative and participial clauses."""
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "csubj")]
        for child in [c for c in subjects if not dateline(c)] or subjects:
            if token.dep_ == "relcl" and child.tag_ in ("WDT", "WP", "IN", "DT"):
                return _expand([token.head])
            if dateline(child):  # "VIENNA — The agency demanded …": the apposition after the dash
                real = past_dateline(child)
                return _expand([real]) if real is not None else []
            return _expand([child])
        head = token.head
        if head is token:
            return []
        if token.pos_ == "ADJ" and token.dep_ in ("acomp", "attr", "xcomp", "ccomp"):
            return self._subjects(head)  # "Syria is willing to withdraw": the copula's subject
        if token.dep_ == "xcomp":
            objects = self._objects(head)
            if not objects and _is_passive(head):  # "Obama is scheduled to attend", "was forced to withdraw"
                objects = _expand(_passive_subjects(head))
            return objects if objects else self._subjects(head)
        if token.dep_ in ("conj", "advcl") and head.pos_ in ("VERB", "AUX"):
            purpose = token.tag_ == "VB" and any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
            if token.dep_ == "advcl" and token.tag_ not in ("VBG", "VBN") and not purpose:
                return []  # "sent inspectors to investigate" is the sender's purpose; "after X left" is not
            return self._subjects(head)
        if token.dep_ in ("relcl", "acl") and token.tag_ in ("VBG", "VBD", "VBZ", "VBP"):
            return _expand([head])
        return []

    @staticmethod
    def _objects(token: Token) -> list[Token]:
        return _expand([c for c in token.children if c.dep_ in ("dobj", "obj", "dative")])

    @staticmethod
    def _prep_objects(token: Token, rule: Rule, include_object: bool = False) -> list[Token]:
        holders = [token]
        if include_object:
            holders += [c for c in token.children if c.dep_ in ("dobj", "obj", "nsubjpass")]
        found = []
        for holder in holders:
            for child in holder.children:
                if child.dep_ in ("prep", "dative") and child.lower_ in rule.preps:
                    found.extend(p for p in child.children if p.dep_ in ("pobj", "pcomp")
                                 and (p.ent_type_ not in ("DATE", "TIME") or _name_before_date(p)))
        return found

    def _complement(self, token: Token, found: dict[int, Rule]) -> Token | None:
        """The coded action a governing verb governs: ``to retaliate``, ``attacking``, ``of attacking``."""
        for child in token.children:
            if child.dep_ in ("xcomp", "ccomp") and child.i in found:
                return child
            if child.dep_ == "prep" and child.lower_ in ("of", "for", "from", "on"):
                for grandchild in child.children:
                    if grandchild.dep_ in ("pcomp", "pobj") and grandchild.i in found:
                        return grandchild
        for child in token.children:  # "urged Iran to release": xcomp hangs on the object in some parses
            if child.dep_ in ("dobj", "obj"):
                for grandchild in child.children:
                    if grandchild.dep_ in ("acl", "relcl", "xcomp") and grandchild.i in found:
                        return grandchild
        return None

    def _noun_sources(self, noun: Token, found: dict[int, Rule]) -> list[Token]:
        """A nominal event's maker is found by the actor resolver; the subject of an uncoded verb it is the
        object of also counts (``farmers began a hunger strike``), never that of a verb that only comments on
        it (``Iran condemned the assassination``)."""
        head = noun.head
        if noun.dep_ in ("dobj", "obj") and head.pos_ == "VERB" and head.i not in found:
            subjects = self._subjects(head)
            if subjects:
                return subjects
        return [noun]

    @staticmethod
    def _noun_targets(noun: Token, rule: Rule) -> list[Token]:
        targets = []
        for child in noun.children:
            if child.dep_ == "prep" and child.lower_ in rule.preps:
                targets.extend(p for p in child.children if p.dep_ == "pobj")
        return _expand(targets)

    def _instrument_makers(self, token: Token) -> list[Token]:
        """``killed in an air strike by government forces``: the maker of the instrument event is the source."""
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ in ("in", "by"):
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and (pobj.lemma_.lower() in self.event_nouns
                                                or pobj.lower_ in self.event_nouns):  # "shelling" → lemma "shell"
                        return [pobj]
        return []

    def _covered_noun(self, noun: Token, found: dict[int, Rule]) -> bool:
        """A nominal event a coded verb already speaks of: the noun of its pattern (``launched an offensive``,
        ``imposed sanctions``), its subject (``a drone strike killed``), or its instrument (``killed in a raid``).
        An event a verb merely comments on (``condemned the assassination``) stays an event of its own."""
        head = noun.head
        if head.i in found and head is not noun:
            if noun.dep_ in ("nsubj", "nsubjpass"):
                return True
            if noun.dep_ in ("dobj", "attr") and noun.lemma_.lower() in found[head.i].objects:
                return True
        if any(c.dep_ in ("relcl", "acl") and c.i in found for c in noun.children):
            return True  # "The attack — that also killed X": the clause codes it
        if noun.dep_ == "pobj" and head.dep_ == "prep" and head.head.i in found and head.lower_ in ("in", "by"):
            return True
        if noun.dep_ == "pobj" and head.head.i in found and noun in _as_object(head.head) \
                and noun.lemma_.lower() in found[head.head.i].objects:
            return True  # "condemned as unacceptable allegations by Rwanda": the rejection's object
        return False

    # -- modality --------------------------------------------------------------------------------------------

    def _set_modality(self, clause: Clause) -> None:
        """Negation first (a negated cooperative act is a refusal, CAMEO 12), then conditionals and modals,
        then future, then claims; the cue words are ``data/modality_cues.tsv``."""
        token = clause.trigger
        verb = token if token.pos_ in ("VERB", "AUX") else token.head
        negated = any(c.dep_ == "neg" for c in verb.children) or any(
            c.dep_ == "neg" for c in verb.head.children if verb.dep_ == "xcomp")
        if negated:
            if clause.code != NOT_AN_EVENT and self.ontology[clause.code].quad_class in (1, 2) \
                    and clause.code[:2] not in ("01",):
                clause.extra["negated_code"] = clause.code
                clause.code = self.ontology.complement("refusal", clause.code)
                clause.modality = "asserted" if clause.speaker is None else "claimed"
            else:
                clause.modality = "negated"
            return
        cues = self.ontology.modality_cues
        found = {cues.get("aux", {}).get(c.lower_) for c in verb.children if c.dep_ in ("aux", "auxpass")}
        found.add(_governed_modality(verb, cues.get("governor", {})))
        if _under_mark(verb, cues.get("mark", {})):
            found.add("hypothetical")
        if "reported-future" in found:
            found.add("future" if clause.speaker is not None else "hypothetical")
        if "hypothetical" in found:
            clause.modality = "hypothetical"
        elif "future" in found or "scheduled" in found:
            clause.modality = "future"
            if "future" not in found:
                clause.extra["scheduled"] = True
        elif clause.speaker is not None:
            clause.modality = "claimed"

    # -- events ----------------------------------------------------------------------------------------------

    def _events(self, doc: Doc, sentence: SpacySpan, clause: Clause, entities: EntityIndex,
                earlier: list[Event]) -> list[Event]:
        if clause.code == NOT_AN_EVENT:  # a governing-only verb left with nothing it governs
            return []
        sources = self._actors(doc, clause.sources, entities, earlier)
        if not sources and clause.speaker is not None and any(_is_pronoun(t) for t in clause.sources):
            # "The rebels said they will release …": the pronoun is the speaker's own subject
            speakers = self._subjects(clause.speaker)
            if all(_agrees(t, speakers) for t in clause.sources if _is_pronoun(t)):
                sources = self._actors(doc, speakers, entities, earlier)
        if not sources and _is_passive(clause.trigger) and self.ontology[clause.code].quad_class == 4:
            sources = self._actors(doc, _launched_from(clause.trigger), entities, earlier)
        if not sources and clause.rule.pos == "noun":
            sources = self._actors(doc, _adjunct_subjects(self, clause.trigger), entities, earlier)
        targets = self._actors(doc, clause.targets, entities, earlier, target=True)
        if not sources and not targets:
            return []
        pairs: Iterable[tuple[Actor | None, Actor | None]]
        if not targets and len(sources) > 1 and clause.code[:2] in SYMMETRIC_ROOTS:
            pairs = [(a, b) for a, b in product(sources, sources) if a is not b]
        else:
            pairs = product(sources or [None], targets or [None])
        speaker = None
        if clause.speaker is not None:
            speakers = self._subjects(clause.speaker)
            speaker = next((a.entity for a in (self._actor(doc, t, entities, earlier) for t in speakers)
                            if a is not None and a.entity), None)
        info = self.ontology[clause.code]
        if clause.code.startswith("171") and sources and all(s.sector == "OPP" for s in sources):
            info = self.ontology["145"]  # property destroyed by protesters: CAMEO's "protest in a destructive manner"
        pairs = list(pairs)
        embedded = clause.extra.get("embedded", {}).get("cameo")
        if info.code in self.ontology.reciprocal and (embedded is None or embedded in self.ontology.reciprocal):
            pairs += [(t, s) for s, t in pairs if s is not None and t is not None and (t, s) not in pairs]
        events = []
        for source, target in pairs:
            if source is not None and target is not None and source.entity and source.entity == target.entity:
                continue
            confidence = 0.5 + 0.25 * bool(source and source.entity) + 0.25 * bool(target and target.entity)
            events.append(Event(
                id="", cameo=info.code, root=info.root, quad_class=info.quad_class, goldstein=info.goldstein,
                trigger=_span(doc, clause.trigger), evidence=Span(sentence.start_char, sentence.end_char,
                                                                  sentence.text),
                source=source, target=target, label=info.name, plover=info.plover, modality=clause.modality,
                attributed_to=speaker, rule=clause.rule.id, confidence=round(confidence, 2),
                extra={**clause.extra, "_trigger_i": clause.trigger.i, "_target_named": bool(clause.targets),
                       "_speech_i": clause.speaker.i if clause.speaker is not None else None}))
        return events

    def _actors(self, doc: Doc, heads: list[Token], entities: EntityIndex, earlier: list[Event],
                target: bool = False) -> list[Actor]:
        """Actors for argument heads, with lists the parser hung elsewhere: apposition (``the US, Russia, and
        Switzerland``), conjuncts inside a name (``Barack Obama and Vladimir Putin``), coordinated modifiers
        (``US and British activists``); for a target, what a non-actor belongs to (``part of Syria's city``)."""
        actors: list[Actor] = []
        heads = [h for head in heads for h in _plural_antecedents(head)]
        for head in heads:
            actor = self._actor(doc, head, entities, earlier)
            if actor is None and target:
                actor = self.actors.part_of(doc, head, entities)
            if actor is None:
                continue
            actors.append(actor)
            actors.extend(self.actors.coordinated(doc, head, actor, entities))
            for listed in _appositive_list(head, entities) + _conjuncts_in_name(head, entities):
                more = self._actor(doc, listed, entities, earlier)
                if more is not None and more.entity != actor.entity and more not in actors:
                    actors.append(more)
        return actors

    def _actor(self, doc: Doc, head: Token, entities: EntityIndex, earlier: list[Event]) -> Actor | None:
        actor = self.actors.resolve(doc, head, entities, self.event_nouns)
        if actor is None and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
            rule = next((r for r in self.rules.candidates("noun", head.lemma_.lower())
                         if self._holds(head, r, entities)), None)
            if rule is not None and rule.code != NOT_AN_EVENT and self.ontology[rule.code].quad_class == 4:
                return _antecedent_event_source(earlier)  # "The attack — that also killed …": told of before
        return actor


_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY"})


def _places_of_consequences(doc: Doc, by_trigger: dict[int, list[Event]]) -> None:
    """``Insurgents bombarded Aleppo overnight, killing eight people``: a participle clause telling what an
    event did happened where that event happened, when it names no place of its own."""
    for trigger_i, events in by_trigger.items():
        token = doc[trigger_i]
        if token.dep_ != "advcl" or token.tag_ != "VBG" or token.head.i not in by_trigger:
            continue
        place = next((e.location for e in by_trigger[token.head.i] if e.location is not None), None)
        for event in events:
            if event.location is None and place is not None:
                event.location = replace(place)
                event.extra["located_by"] = by_trigger[token.head.i][0].id


def _adjunct_subjects(coder: EventCoder, noun: Token) -> list[Token]:
    """``Petraeus held talks … during a visit to Beirut``: a nominal event with no maker of its own, told as
    the circumstance of an active verb, is that verb's subject's."""
    head = noun.head
    if noun.dep_ != "pobj" or head.dep_ != "prep" or head.lower_ != "during":
        return []
    verb = head.head
    if verb.pos_ not in ("VERB", "AUX") or _is_passive(verb):
        return []
    return coder._subjects(verb)


def _passive_subjects(verb: Token) -> list[Token]:
    """The subject of a passive verb, or of the verb it is coordinated with (``X were imprisoned … and were
    released by Putin``)."""
    own = [c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj")]
    if own or verb.dep_ != "conj" or verb.head.pos_ not in ("VERB", "AUX"):
        return own
    return [c for c in verb.head.children if c.dep_ in ("nsubjpass", "nsubj")]


def _launched_from(verb: Token) -> list[Token]:
    """``a mortar bomb was fired at Israel from the Gaza Strip``: with no agent, the place an attack came from
    is its source, as CAMEO coders code unattributed launches."""
    return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"
            for p in c.children if p.dep_ == "pobj" and (p.ent_type_ in ("GPE", "LOC") or p.pos_ == "PROPN")]


def _name_before_date(token: Token) -> bool:
    """``met with Bashar Assad Tuesday``: a name the parser hung on a date; ``called on Monday`` asks no one."""
    return any(c.dep_ == "compound" and c.i < token.i and c.ent_type_ not in ("", "DATE", "TIME")
               for c in token.children)


def _agrees(pronoun: Token, speakers: list[Token]) -> bool:
    """Whether a third-person pronoun can stand for the speaker: ``they`` for a plural or coordinated subject,
    ``he``/``she`` and ``it`` for a singular one."""
    if not speakers:
        return False
    word = pronoun.lower_
    plural = len(speakers) > 1 or speakers[0].tag_ in ("NNS", "NNPS") or speakers[0].lower_ in ("they", "we")
    if word in ("they", "them"):
        return plural
    if word in ("he", "she", "him", "her", "it"):
        return not plural and speakers[0].lower_ not in ("i", "you") and (
            word != "it" or speakers[0].ent_type_ != "PERSON")
    return False


def _is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or token.tag_ in ("PRP", "PRP$")


def _place_target(doc: Doc, place: Place | None, entities: EntityIndex) -> Actor | None:
    """CAMEO coders' convention for an event with no target: the place it happened in, as written in one of the
    event's own locative phrases (``demonstrated in Serbia``, ``lifted the curfew in Montenegro``)."""
    if place is None or not place.country or place.start is None:
        return None
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    mention = entities.span_at(span.root.i) if span is not None and len(span) else None
    entity = mention[2] if mention is not None else None
    return Actor(text=place.text or place.name, name=place.name, country=place.country, code=place.country,
                 start=place.start, end=place.end, entity=entity.id if entity is not None else None)


def _appositive_list(head: Token, entities: EntityIndex) -> list[Token]:
    """Names the parser hung on ``head`` as apposition but that are a list of peers of the same type."""
    own = entities.at(head.i)
    if own is None:
        return []
    listed = []
    peers = [c for c in head.children if c.dep_ == "appos" and (other := entities.at(c.i)) is not None
             and other is not own and other.type == own.type and own.type in ("GPE", "ORG")]
    for child in peers:
        if child.conjuncts or len(peers) > 1:  # a list, not one name in apposition ("Malaysia Airlines Boeing")
            listed.extend(t for t in (child, *child.conjuncts) if entities.at(t.i) is not None)
    return listed


_POS = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun", "ADJ": "adj"}


def _object_matches(obj: Token, wanted: frozenset[str], entities: EntityIndex) -> bool:
    """An object matches by its lemma, by what it is a quantity of (``tons of aid``), or by the kind of entity
    it names (``PERSON``: ``released Mahendra Chaudhry``)."""
    lemmas = {obj.lemma_.lower()}
    for child in obj.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            lemmas.update(p.lemma_.lower() for p in child.children if p.dep_ == "pobj")
    if lemmas & wanted:
        return True
    entity = entities.at(obj.i)
    return entity is not None and entity.type in wanted


def _as_object(verb: Token) -> list[Token]:
    """``condemned as "unacceptable" allegations by Rwanda``: an active verb with no direct object, whose
    ``as`` phrase the parser took for its object (the object came after its predicate)."""
    if verb.pos_ != "VERB" or _is_passive(verb) or any(c.dep_ in ("dobj", "obj", "ccomp") for c in verb.children):
        return []
    return [p for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
            for p in c.children if p.dep_ == "pobj" and p.pos_ in ("NOUN", "PROPN")]


def _plural_antecedents(head: Token) -> list[Token]:
    """``they``/``them`` after a coordinated subject in the same sentence (``Obama and Putin said they …``)."""
    if head.lower_ not in ("they", "them"):
        return [head]
    for token in reversed(list(head.sent[: head.i - head.sent.start])):
        if token.dep_ in ("nsubj", "nsubjpass"):
            group = [token, *token.conjuncts] + [c for t in token.subtree for c in t.conjuncts
                                                 if c.dep_ == "conj" and c.head.i in range(token.left_edge.i,
                                                                                           token.right_edge.i + 1)]
            group = list(dict.fromkeys(group))
            if len(group) > 1:
                return group
    return [head]


def _conjuncts_in_name(head: Token, entities: EntityIndex) -> list[Token]:
    """Conjuncts hung on another word of the head's name (``Barack/nsubj Obama … and Vladimir Putin/conj``)."""
    span = entities.span_at(head.i)
    if span is None:
        return []
    found = []
    for i in range(span[0], span[1]):
        if i != head.i:
            found.extend(c for c in head.doc[i].conjuncts if not span[0] <= c.i < span[1])
    return found


def _date_from_antecedent(event: Event, earlier: list[Event]) -> None:
    """An event told through a noun for an earlier one ("The attack — that also killed …") took that event's
    source (the same actor object); with no date or place of its own, it takes that event's too."""
    if event.source is None or event.date.value is not None:
        return
    antecedent = next((e for e in reversed(earlier) if e.source is event.source and e.trigger != event.trigger), None)
    if antecedent is None or antecedent.date.value is None:
        return
    event.date = antecedent.date
    if event.location is None:
        event.location = antecedent.location
    event.extra["dated_by"] = antecedent.id


def _antecedent_event_source(earlier: list[Event]) -> Actor | None:
    for event in reversed(earlier):
        if event.quad_class == 4 and event.source is not None and event.modality == "asserted":
            return event.source
    return None


def _expand(heads: list[Token]) -> list[Token]:
    """Each head and the heads coordinated with it (``the US, Russia and Switzerland``)."""
    out: list[Token] = []
    for head in heads:
        for token in (head, *head.conjuncts):
            if token not in out:
                out.append(token)
    return out


def _shared_object_holder(verb: Token) -> Token:
    """In ``met and praised Xi`` the object hangs on the last coordinated verb; it is ``met``'s too."""
    for conj in verb.conjuncts:
        if conj.i > verb.i and conj.pos_ == "VERB" and any(c.dep_ in ("dobj", "obj", "prep") for c in conj.children):
            return conj
    return verb


def _is_passive(token: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children):
        return True
    return token.dep_ == "acl" and token.tag_ == "VBN"


def _clausal_complement(token: Token) -> Token | None:
    """A verb's that-clause (``demanded that Mugabe abandon …``, ``said China must drop …``)."""
    return next((c for c in token.children if c.dep_ == "ccomp"), None)


def _subjects_of(verb: Token | None) -> list[Token]:
    if verb is None:
        return []
    return _expand([c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")])


def _obligation(token: Token) -> bool:
    """``must cooperate``, ``has to hand over``, ``needs to withdraw``: what someone is told they must do."""
    verb = token if token.pos_ in ("VERB", "AUX") else token.head
    if any(c.dep_ == "aux" and c.lower_ == "must" for c in verb.children):
        return True
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in ("have", "need") and head is not verb


def _under_mark(verb: Token, marks: dict[str, str]) -> bool:
    """Whether the verb's clause, or one above it inside the same statement, opens with a conditional word."""
    token = verb
    while True:
        if any(c.dep_ == "mark" and c.lower_ in marks for c in token.children):
            return True
        if token.dep_ in ("ROOT", "ccomp") or token.head is token:
            return False
        token = token.head


def _governed_modality(verb: Token, governors: dict[str, str]) -> str | None:
    """``plans to meet``, ``is due to sign``, ``hoped they would be indicted``: the governing word's modality."""
    head = verb.head
    if head is verb or verb.dep_ not in ("xcomp", "ccomp", "acl"):
        return None
    return governors.get(head.lemma_.lower())


def _span(doc: Doc, token: Token) -> Span:
    return Span(token.idx, token.idx + len(token.text), token.text)


def _unique(events: list[Event]) -> list[Event]:
    seen, kept = set(), []
    for event in events:
        key = (event.cameo, event.trigger.start,
               event.source and (event.source.entity or (event.source.text, event.source.country)),
               event.target and (event.target.entity or (event.target.text, event.target.country)))
        if key not in seen:
            seen.add(key)
            kept.append(event)
    return kept
