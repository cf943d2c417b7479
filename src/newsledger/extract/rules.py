"""Event rules: which words, in which constructions, make which CAMEO event (``data/event_rules.tsv``).

A rule names a trigger lemma and part of speech (verb, noun, or an adjective such as ``willing`` that governs an
action), optional constraints (a verb particle; the lemma of a direct object — or of what it is a quantity of,
``tons of aid`` — or the kind of entity it names, ``PERSON``; a noun's modifier; the prepositions introducing
the target), where the target comes from, a class
for verbs that govern another action (speech, intent, threat, refusal, request, demand, denial, accusation), and
the CAMEO code (``-`` for a sense that is no event: ``heart attack``, ``meet the deadline``). The most specific
rule whose constraints hold wins; a user's rules (``--rules DIR``) come first
among equally specific ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import Row, load_rows
from .ontology import Ontology

HEADER = ("rule", "pos", "lemma", "particle", "object", "prep", "target", "class", "code", "example")
POS = {"verb", "noun", "adj"}
TARGETS = {"object", "prep", "object|prep", "none"}
ENTITY_OBJECTS = {"PERSON", "ORG", "GPE", "NORP"}
NOT_AN_EVENT = "-"  # the code of a rule that stops a trigger in a sense that is no event ("heart attack")  # an object that is a mention of this kind of entity
CLASSES = {"", "speech", "intent", "threat", "refusal", "denial", "request", "demand", "accusation"}


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    pos: str
    lemma: str
    particle: str | None
    objects: frozenset[str]
    preps: frozenset[str]
    target: str
    kind: str  # the class column
    code: str
    order: int  # file order: user files first

    @property
    def specificity(self) -> int:
        return bool(self.particle) + bool(self.objects) + bool(self.preps and self.target != "object|prep")


@dataclass(slots=True)
class RuleSet:
    rules: dict[tuple[str, str], list[Rule]] = field(default_factory=dict)  # (pos, lemma) -> rules

    @classmethod
    def load(cls, ontology: Ontology, extra_dirs: Sequence[str | Path] = ()) -> RuleSet:
        ruleset = cls()
        seen: dict[str, str] = {}
        for order, row in enumerate(load_rows("event_rules.tsv", HEADER, extra_dirs)):
            rule = _rule(row, order, ontology)
            if rule.id in seen and seen[rule.id] == row.path:
                raise row.error(f"rule id {rule.id!r} is used twice", fix="give each rule its own id")
            seen.setdefault(rule.id, row.path)
            ruleset.rules.setdefault((rule.pos, rule.lemma), []).append(rule)
        for candidates in ruleset.rules.values():
            candidates.sort(key=lambda r: (-r.specificity, r.order))
        return ruleset

    def candidates(self, pos: str, lemma: str) -> list[Rule]:
        """Rules for a trigger, most specific first."""
        return self.rules.get((pos, lemma), [])

    def __len__(self) -> int:
        return sum(len(r) for r in self.rules.values())


def _rule(row: Row, order: int, ontology: Ontology) -> Rule:
    if not row["rule"] or not row["lemma"]:
        raise row.error("every rule needs an id and a lemma", fix="fill the rule and lemma columns")
    if row["pos"] not in POS:
        raise row.error(f"pos {row['pos']!r}", fix="write verb, noun or adj")
    if row["target"] not in TARGETS:
        raise row.error(f"target {row['target']!r}", fix="write one of " + ", ".join(sorted(TARGETS)))
    if row["class"] not in CLASSES:
        raise row.error(f"class {row['class']!r}", fix="leave it empty or write one of " +
                        ", ".join(sorted(c for c in CLASSES if c)))
    if row["target"] in ("prep", "object|prep") and not row["prep"]:
        raise row.error("target prep needs prepositions", fix="list them in the prep column, e.g. with|against")
    if row["code"] != NOT_AN_EVENT:
        ontology.check(row, row["code"])
    return Rule(id=row["rule"], pos=row["pos"], lemma=row["lemma"].lower(), particle=row["particle"] or None,
                objects=frozenset(v if v in ENTITY_OBJECTS else v.lower() for v in row.values("object")),
                preps=frozenset(v.lower() for v in row.values("prep")), target=row["target"],
                kind=row["class"], code=row["code"], order=order)
