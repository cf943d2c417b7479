"""Who is speaking: the words before or after a cue resolved to one of the article's entities.

Names and titled names are entity mentions already; role references the text defines (``the Leader``) are too.
A pronoun goes to the nearest compatible earlier speaker, else the nearest compatible entity in its paragraph
(subjects first), else in the two paragraphs before; ``he``/``she`` take people, and skip those whose titles
(``Mr.``, ``Queen``) or earlier pronouns say otherwise; ``it`` takes organisations and countries; ``they``/``we``
take those, peoples, and plural names (``the Houthis``). A role noun with ``the`` goes to the latest person
introduced with that role. An indefinite or bare plural noun (``a US official``, ``diplomats``, ``sources``) is
an anonymous source: no entity, the words kept, and the organisation or country named in it kept as its
affiliation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from ..datafiles import Row, load_rows
from ..records import Entity, Speaker
from .clauses import syntactic_head
from .entities import EntityIndex
from .lexicons import Lexicons, name_key
from .mentions import token_view
from .syntax import syntax_view

PRONOUN_KINDS = {"person", "group", "organisation", "title"}
_COMPATIBLE = {"person": {"PERSON"}, "organisation": {"ORG", "GPE"}, "group": {"ORG", "GPE", "NORP"}}
_INDEFINITE = {"a", "an", "one", "some", "several", "many", "few", "two", "three", "four", "other", "unnamed",
               "anonymous", "any"}
_ANONYMOUS_HEADS = {"source", "sources", "insider", "insiders", "person", "people"}
_PARAGRAPHS_BACK = 2


@dataclass(slots=True)
class Resolved:
    speaker: Speaker
    kind: str  # named, pronoun, role, anonymous, description
    affiliation: str | None = None  # entity id of an organisation or country named in an anonymous source


@dataclass(slots=True)
class SpeakerContext:
    """What speaker resolution knows about one doc while it walks through the attributions in order."""

    doc: Doc
    index: EntityIndex
    quoted: list[tuple[int, int]]  # token ranges inside quotation marks
    history: list[tuple[int, Entity]] = field(default_factory=list)  # (token, entity) of earlier speakers
    genders: dict[str, str] = field(default_factory=dict)  # entity id -> m/f, learned from pronouns


class SpeakerResolver:
    """Built once per pipeline: pronouns and gendered titles from ``pronouns.tsv``, role nouns from the lexicons."""

    def __init__(self, lexicons: Lexicons, extra_dirs: Sequence[str | Path] = ()) -> None:
        self.role_heads = {key.split()[-1] for key in lexicons.roles}
        self.pronouns: dict[str, tuple[str, str]] = {}
        self.title_genders: dict[str, str] = {}
        for row in load_rows("pronouns.tsv", ("word", "kind", "gender"), extra_dirs, check=_check):
            if row["kind"] == "title":
                self.title_genders.setdefault(row["word"], row["gender"])
            else:
                self.pronouns.setdefault(row["word"].lower(), (row["kind"], row["gender"]))

    def resolve(self, ctx: SpeakerContext, start: int, end: int) -> Resolved:
        doc, index = ctx.doc, ctx.index
        text = doc[start:end].text
        head = syntactic_head(doc, start, end)
        lower = token_view(doc).lower
        if end - start == 1 and lower[head] in self.pronouns:
            return self._pronoun(ctx, head, text)
        entity = index.at(head)
        if entity is not None:
            return self._named(ctx, head, entity, text)
        inside = [e for e in (index.at(i) for i in range(start, end)) if e is not None]
        if token_view(doc).pos[head] == "PROPN" and inside:
            return self._named(ctx, head, inside[-1], text)
        affiliation = next((e.id for e in inside if e.type in ("ORG", "GPE", "NORP", "PERSON")), None)
        if self._anonymous(doc, head):
            return Resolved(Speaker(None, text, None), "anonymous", affiliation)
        role = self._role_holder(ctx, head)
        if role is not None:
            return self._named(ctx, head, role, text, kind="role")
        return Resolved(Speaker(None, text, None), "description", affiliation)

    # -- kinds of speaker ------------------------------------------------------------------------------------

    def _named(self, ctx: SpeakerContext, head: int, entity: Entity, text: str, kind: str = "named") -> Resolved:
        ctx.history.append((head, entity))
        return Resolved(Speaker(entity.id, text, entity.name), kind)

    def _pronoun(self, ctx: SpeakerContext, head: int, text: str) -> Resolved:
        kind, gender = self.pronouns[token_view(ctx.doc).lower[head]]
        entity = self._antecedent(ctx, head, kind, gender)
        if entity is None:
            return Resolved(Speaker(None, text, None), "pronoun")
        if gender:
            ctx.genders.setdefault(entity.id, gender)
        ctx.history.append((head, entity))
        return Resolved(Speaker(entity.id, text, entity.name), "pronoun")

    def _anonymous(self, doc: Doc, head: int) -> bool:
        view, words = syntax_view(doc), token_view(doc)
        if words.pos[head] not in ("NOUN",):
            return False
        if words.lower[head] in _ANONYMOUS_HEADS:
            return True
        determiners = [c.lower_ for c in doc[head].children if c.dep_ in ("det", "nummod", "amod")]
        if any(d in _INDEFINITE for d in determiners):
            return True
        definite = any(c.dep_ in ("det", "poss") for c in doc[head].children)
        return view.tag[head] == "NNS" and not definite

    def _role_holder(self, ctx: SpeakerContext, head: int) -> Entity | None:
        """``the minister``: the latest person before it introduced with a role or title ending in that word."""
        word = name_key(token_view(ctx.doc).text[head])
        if word not in self.role_heads:
            return None
        best = None
        for start, _, entity, _ in ctx.index.spans:
            if start >= head:
                break
            if entity.type == "PERSON" and any(name_key(r).split()[-1:] == [word]
                                               for r in [*entity.roles, *entity.titles]):
                best = entity
        return best

    # -- antecedents -----------------------------------------------------------------------------------------

    def _antecedent(self, ctx: SpeakerContext, pronoun: int, kind: str, gender: str) -> Entity | None:
        paragraph = syntax_view(ctx.doc).paragraph[pronoun]
        for back in range(_PARAGRAPHS_BACK + 1):
            for entity, plural in self._candidates(ctx, pronoun, paragraph - back):
                if self._compatible(entity, plural, kind, gender, ctx):
                    return entity
        return None

    def _candidates(self, ctx: SpeakerContext, pronoun: int, paragraph: int) -> list[tuple[Entity, bool]]:
        """Earlier speakers (nearest first), then entity mentions: nearest sentence first, subjects first.

        Each with whether its words are a plural name (``the Houthis``), which only ``they`` or ``we`` can take.
        """
        view = syntax_view(ctx.doc)
        speakers = [(e, False) for i, e in reversed(ctx.history) if i < pronoun and view.paragraph[i] == paragraph]
        here = view.sent[pronoun]
        mentions = []
        for start, end, entity, _ in ctx.index.spans:
            if start >= pronoun:
                break
            if view.paragraph[start] != paragraph or _inside(ctx.quoted, start):
                continue
            subject = view.dep[end - 1] in ("nsubj", "nsubjpass")
            plural = view.tag[end - 1] in ("NNPS", "NNS") or (  # "the Houthis": no one's name takes "the"
                entity.type == "PERSON" and start > 0 and view.lemma[start - 1] == "the")
            mentions.append(((here - view.sent[start], not subject, -start), entity, plural))
        mentions.sort(key=lambda m: m[0])
        return speakers + [(e, plural) for _, e, plural in mentions]

    def _compatible(self, entity: Entity, plural: bool, kind: str, gender: str, ctx: SpeakerContext) -> bool:
        if plural:
            return kind == "group"
        if entity.type not in _COMPATIBLE.get(kind, ()):
            return False
        if not gender:
            return True
        known = ctx.genders.get(entity.id) or next(
            (self.title_genders[t] for t in entity.titles if self.title_genders.get(t)), None)
        return known is None or known == gender


def _inside(ranges: list[tuple[int, int]], i: int) -> bool:
    return any(start <= i < end for start, end in ranges)


def _check(row: Row) -> None:
    if row["kind"] not in PRONOUN_KINDS:
        raise row.error(f"unknown kind {row['kind']!r}", fix="use one of " + ", ".join(sorted(PRONOUN_KINDS)))
    if row["gender"] not in ("", "m", "f"):
        raise row.error(f"unknown gender {row['gender']!r}", fix="write m, f, or leave the cell empty")
    if not row["word"]:
        raise row.error("empty word", fix="every row needs a word")
