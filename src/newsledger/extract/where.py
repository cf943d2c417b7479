"""Where an event happened, as its own words place it: the location the event coder puts on each event.

First the event's own prepositional phrases (``data/place_prepositions.tsv``): a place inside a phrase headed
by ``in``/``near``/``at``/... that hangs from the trigger, or from a noun the trigger governs directly (``a
drone strike near Baghdad International Airport assassinated …``); the nearest such phrase wins. Else, for a
physical event only, the sentence's single place, if it names exactly one (countries used as modifiers, ``US
drone strike``, and demonyms, ``Israeli onslaught``, name actors, not places, and do not count). Else None:
a location is never guessed.
"""

from __future__ import annotations

import functools
from dataclasses import replace

from spacy.tokens import Doc, Token

from ..datafiles import load_rows
from ..records import Place
from .times import char_span

_ARGUMENTS = {"nsubj", "nsubjpass", "dobj", "attr", "agent", "oprd", "npadvmod"}
_MODIFIERS = {"amod", "compound", "poss", "nmod"}


@functools.cache
def locative_prepositions() -> frozenset[str]:
    return frozenset(row["preposition"].lower() for row in load_rows("place_prepositions.tsv",
                                                                     ("preposition", "relation")))


def event_location(doc: Doc, trigger_i: int, places: list[Place], physical: bool = False) -> Place | None:
    """The location of the event whose trigger is token ``trigger_i``, from ``places`` (PlaceFinder.find's)."""
    trigger = doc[trigger_i]
    sentence = trigger.sent
    located = [(p, _root(doc, p)) for p in places
               if p.lat is not None and p.start is not None and sentence.start_char <= p.start < sentence.end_char]
    located = [(p, root) for p, root in located if root is not None]
    phrases = [(depth, p) for p, root in located if (depth := _phrase_depth(root, trigger)) is not None]
    if phrases:
        return replace(min(phrases, key=lambda pair: (*pair[0], abs(pair[1].start - trigger.idx)))[1])
    if physical:
        named = {(p.name, p.country): p for p, root in located if not _modifier(root, p)}
        if len(named) == 1:
            return replace(next(iter(named.values())))
    return None


def _root(doc: Doc, place: Place) -> Token | None:
    span = char_span(doc, place.start, place.end)
    return span.root if span is not None and len(span) else None


def _phrase_depth(token: Token, trigger: Token) -> tuple[int, int] | None:
    """How a place's locative phrase attaches to the event: (nesting, depth). Nesting counts the locative
    phrases the place sits in, so a place in the event's own phrase beats one nested in another phrase's object
    (``a summit in Switzerland on the unrest in Iran``); depth is 0 on the trigger, 1 on an argument noun of
    the trigger. None when the place is not in one of the event's own locative phrases."""
    preposition = None
    nesting = 0
    current = token
    for _ in range(8):
        if current.head is current:
            return None
        if current.dep_ == "prep" and current.lower_ in locative_prepositions():
            preposition = current
            nesting += 1
        current = current.head
        if preposition is not None and current == trigger:
            return nesting, 0
        if preposition is not None and current.dep_ in _ARGUMENTS and current.head == trigger \
                and preposition.head == current:
            return nesting, 1
        if current.pos_ in ("VERB", "AUX") and current != trigger:
            return None
    return None


def _modifier(token: Token, place: Place) -> bool:
    """A demonym or a country used as a modifier names an actor, not where something happened; so does a place
    inside a hyphenated modifier (``a UK-based group``, ``Tehran-backed militias``, ``the US-led coalition``)."""
    if _hyphenated_modifier(token):
        return True
    if token.pos_ == "ADJ" or token.ent_type_ == "NORP" or (place.text and place.name != place.text
                                                             and place.feature == "country"
                                                             and token.dep_ == "amod"):
        return True
    return token.dep_ in _MODIFIERS and place.feature in ("country", "continent")


def _hyphenated_modifier(token: Token) -> bool:
    doc = token.doc
    end = token.i
    while end + 1 < len(doc) and doc[end + 1].ent_iob_ == "I" and doc[end].ent_type_:
        end += 1  # the last word of a multi-word place: "New York-based"
    if end + 2 >= len(doc):
        return False
    hyphen, word = doc[end + 1], doc[end + 2]
    return hyphen.text == "-" and not doc[end].whitespace_ and not hyphen.whitespace_ \
        and word.tag_ in ("VBN", "VBD", "JJ")

