"""When an event happened, as its own clause says: the date the event coder puts on each event.

The time expression that governs the event's clause wins: a temporal modifier of the trigger, else of the verb
of its clause, else of the sentence's main verb (unless the event is background in the past perfect, which
keeps only a date of its own). Durations, sets and anniversaries are not dates and are passed over. With no
such expression the publication date is used only when the clause reports something happening now (present,
present perfect, present progressive): basis ``publication``. Anything else is ``unknown``: a past event the
text does not date is not dated by the article (GDELT's best-known flaw).

DateRef values are days, months or years: an ISO week becomes its month when the week lies in one month (else
its year), a season or quarter its year, ``PRESENT_REF`` the publication day; decades, centuries and
``PAST_REF`` have no such value and stay unknown (their text is kept).
"""

from __future__ import annotations

import re
from datetime import date

from spacy.tokens import Doc, Token

from ..records import DateRef, TimeRef
from .times import char_span, governing_verb

_DAY = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:T.*)?$")
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})(?:-WE)?$")
_YEAR_PART = re.compile(r"^(\d{4})-(?:SP|SU|FA|WI|Q[1-4])$")


def event_date(doc: Doc, trigger_i: int, times: list[TimeRef], published: str | None) -> DateRef:
    """The date of the event whose trigger is token ``trigger_i``, from ``times`` (TimeFinder.find's list)."""
    trigger = doc[trigger_i]
    clause = trigger if trigger.pos_ in ("VERB", "AUX") else governing_verb(trigger)
    sentence_root = trigger.sent.root
    background = clause is not None and _past_perfect(clause)
    levels: list[list[tuple[int, TimeRef]]] = [[], [], []]
    for time in times:
        if time.type not in ("date", "time") or not (trigger.sent.start_char <= time.start < trigger.sent.end_char):
            continue
        head = _attachment(doc, time)
        if head is None:
            continue
        if head == trigger:
            levels[0].append((abs(time.start - trigger.idx), time))
        elif clause is not None and head == clause:
            levels[1].append((abs(time.start - trigger.idx), time))
        elif head == sentence_root and not background:
            levels[2].append((abs(time.start - trigger.idx), time))
    for level in levels:
        if level:
            return date_ref(min(level, key=lambda pair: pair[0])[1], published)
    if published and clause is not None and _reports_now(clause):
        return DateRef(value=published, precision="day", basis="publication", text=None)
    return DateRef()


def date_ref(time: TimeRef, published: str | None) -> DateRef:
    """A TimeRef's value as a day, month or year, with its basis (explicit or relative)."""
    value, basis = time.value, time.extra.get("basis", "unknown")
    if value == "PRESENT_REF" and published:
        return DateRef(published, "day", "relative", time.text)
    if value is None or basis == "unknown":
        return DateRef(None, "unknown", "unknown", time.text)
    for pattern, precision in ((_DAY, "day"), (_MONTH, "month"), (_YEAR, "year")):
        match = pattern.match(value)
        if match:
            return DateRef(match.group(1) if precision == "day" else value, precision, basis, time.text)
    week = _WEEK.match(value)
    if week:
        monday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 1)
        sunday = date.fromisocalendar(int(week.group(1)), int(week.group(2)), 7)
        if monday.month == sunday.month:
            return DateRef(f"{monday.year:04d}-{monday.month:02d}", "month", basis, time.text)
        return DateRef(f"{monday.year:04d}", "year", basis, time.text) if monday.year == sunday.year else \
            DateRef(None, "unknown", "unknown", time.text)
    part = _YEAR_PART.match(value)
    if part:
        return DateRef(part.group(1), "year", basis, time.text)
    return DateRef(None, "unknown", "unknown", time.text)


def _attachment(doc: Doc, time: TimeRef) -> Token | None:
    """The token a time expression modifies: the first verb or event noun above it."""
    span = char_span(doc, time.start, time.end)
    if span is None or len(span) == 0:
        return None
    token = span.root
    for _ in range(6):
        if token.head is token:
            return token
        token = token.head
        if token.pos_ in ("VERB", "AUX", "NOUN", "PROPN") and token.dep_ not in ("pobj", "compound"):
            if token.pos_ in ("VERB", "AUX") or token.dep_ in ("nsubj", "nsubjpass", "dobj", "ROOT"):
                return token
    return None


def _past_perfect(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children) and verb.tag_ == "VBN"


def _reports_now(verb: Token) -> bool:
    auxes = {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}
    if auxes & {"will", "'ll", "shall", "would", "could", "might", "may", "had", "did", "was", "were", "to"}:
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return True
    if verb.tag_ == "VBN" and auxes & {"has", "have", "'s", "'ve"}:
        return True
    return verb.tag_ == "VBG" and bool(auxes & {"is", "are", "am", "'s", "'re", "'m"})
