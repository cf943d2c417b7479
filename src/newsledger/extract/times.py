"""Time expressions in an article, normalised against its publication date and the tense of their clause.

Candidates come from two places: the grammar of :mod:`newsledger.extract.timex` run over the text (its spans are
TIMEX3-shaped: no leading preposition, approximators kept) and spaCy's DATE/TIME entities. The grammar runs only
in windows around its anchor words, which are found among the doc's tokens by their hashes: on news, finding
times costs under 2% of the spaCy parse. Where they overlap the
grammar's span wins; an entity the grammar cannot read is handed to dateparser, and dropped if dateparser cannot
read it either (the evaluation showed these are mostly not time expressions: "the season", "the day").

Where a bare weekday, month or day falls is decided by the verb governing the expression: ``met on Sunday`` is
the latest Sunday on or before publication (possibly the publication day itself), ``will meet on Monday`` the
next Monday after it, a present tense the nearest one. Without a publication date every expression that needs
one keeps ``value`` null with basis ``unknown``. Each TimeRef's ``extra`` holds ``precision``, ``basis``
(explicit/relative/unknown), ``anchor`` (the date it was resolved against), ``approximate``, ``mod`` (TIMEX3 mod)
and ``rule`` (the grammar rule, or ``dateparser``).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import numpy
from spacy.attrs import IDX, LENGTH, LOWER, ORTH
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from ..records import TimeRef
from .timewords import TimeWords
from .syntax import syntax_view
from .timex import FUTURE, PAST, PRESENT, Found, Timex, TimexGrammar

TIME_LABELS = ("DATE", "TIME")
_PREPOSITION_BEFORE = re.compile(r"(?:\b(?:in|since|by|until|till|from|before|after|during|of|through|between|"
                                 r"and|to|for|over|within|early|late|mid)\s+|-)$", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:in|on|at|since|by|until|for|from|during|of|over|about|around|as of|"
                      r"as early as|as late as)\s+)+", re.IGNORECASE)
_DATEPARSER_WORTHY = re.compile(r"\b(?:1[6-9]|20)\d\d\b|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b")
_FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "to", "going", "gon", "could", "might", "may", "should",
               "must", "ca", "can"}
_PRESENT_AUX = {"is", "are", "am", "'s", "'re", "'m"}


class TimeFinder:
    """Finds and normalises time expressions; built once per pipeline (the grammar is compiled here)."""

    def __init__(self, words: TimeWords | None = None, *, extra_dirs: Sequence[str | Path] = (),
                 use_dateparser: bool = True) -> None:
        self.grammar = TimexGrammar(words or TimeWords.load(extra_dirs))
        self.use_dateparser = use_dateparser
        if use_dateparser:  # dateparser loads its language data on first use: once, here, not mid-article
            _dateparser(None).get_date_data("1 January 2000")
        self._anchors: list[dict[int, list[str]]] = [{}, {}]  # lower-case word hash / name hash -> anchors
        for column, table in ((0, self.grammar.key_words), (1, self.grammar.key_names)):
            for anchor, words in table.items():
                for word in words:
                    self._anchors[column].setdefault(hash_string(word), []).append(anchor)
        self._ids = [numpy.array(sorted(anchors), dtype=numpy.uint64) for anchors in self._anchors]

    def find(self, doc: Doc, published: str | None) -> list[TimeRef]:
        anchor = date.fromisoformat(published) if published else None
        text = _text(doc)
        entities = [(e.start_char, e.end_char) for e in doc.ents if e.label_ in TIME_LABELS]
        found = [f for f in self.grammar.scan(text, self._keys(doc))
                 if not f.rule.weak or _supported(f, entities, text)]
        times = [t for t in (self._time(doc, f, anchor) for f in found) if t is not None]
        taken = [(t.start, t.end) for t in times]
        for start, end in entities:
            if not any(s < end and start < e for s, e in taken):
                time = self._from_entity(doc, start, end, anchor)
                if time is not None:
                    times.append(time)
        return sorted(times, key=lambda t: t.start)

    def _keys(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """The character spans of the tokens that anchor the grammar's rules, by anchor, found by their hashes
        (much cheaper than regular expressions over the text); numbers are left to the grammar."""
        if not len(doc):
            return {}
        table = doc.to_array([LOWER, ORTH, IDX, LENGTH])
        keys: dict[str, list[tuple[int, int]]] = {}
        for column in (0, 1):
            for word, start, length in table[numpy.isin(table[:, column], self._ids[column])][:, (column, 2, 3)
                                                                                              ].tolist():
                for anchor in self._anchors[column][word]:
                    keys.setdefault(anchor, []).append((start, start + length))
        return keys

    def normalise(self, doc: Doc, start: int, end: int, published: str | None) -> TimeRef | None:
        """The TimeRef of a given span (the evaluation scores normalisation alone on gold spans this way)."""
        anchor = date.fromisoformat(published) if published else None
        return self._from_entity(doc, start, end, anchor, trim=False)

    def _time(self, doc: Doc, found: Found, anchor: date | None) -> TimeRef | None:
        timex = self.grammar.resolve(found, anchor, lambda: tense_at(doc, found.start, found.end))
        if timex is None:
            return None
        return _time_ref(_text(doc), found.start, found.end, timex, anchor)

    def _from_entity(self, doc: Doc, start: int, end: int, anchor: date | None, trim: bool = True
                     ) -> TimeRef | None:
        text = _text(doc)[start:end]
        if trim:
            lead = _LEADING.match(text)
            start += lead.end() if lead else 0
            text = _text(doc)[start:end].rstrip(" ,.;:")
            end = start + len(text)
        found = self.grammar.parse(text)
        if found is not None:
            found = Found(start, end, found.rule, found.match)
            timex = self.grammar.resolve(found, anchor, lambda: tense_at(doc, start, end))
            if timex is not None:
                return _time_ref(_text(doc), start, end, timex, anchor)
        if not self.use_dateparser or not _DATEPARSER_WORTHY.search(text):
            return None
        timex = parse_with_dateparser(text, anchor)
        return _time_ref(_text(doc), start, end, timex, anchor) if timex is not None else None


def _text(doc: Doc) -> str:
    """The doc's text, built once (``Doc.text`` makes and joins a Token object per token on each access)."""
    return syntax_view(doc).text


def _time_ref(text: str, start: int, end: int, timex: Timex, anchor: date | None) -> TimeRef:
    extra = {"precision": timex.precision, "basis": timex.basis,
             "anchor": anchor.isoformat() if anchor and timex.basis == "relative" else None,
             "approximate": timex.approximate, "mod": timex.mod, "rule": timex.rule, **timex.extra}
    return TimeRef(text=text[start:end], start=start, end=end, type=timex.type, value=timex.value, extra=extra)


def _supported(found: Found, entities: list[tuple[int, int]], text: str) -> bool:
    """A weak match (a bare year, "years") counts inside a spaCy DATE/TIME entity or after a preposition."""
    if any(s <= found.start and found.end <= e for s, e in entities):
        return True
    return _PREPOSITION_BEFORE.search(text, max(0, found.start - 16), found.start) is not None


# -- tense -------------------------------------------------------------------------------------------------------


def char_span(doc: Doc, start: int, end: int) -> Span | None:
    """The tokens covering a character span (``doc.char_span(..., "expand")`` scans the whole doc per call)."""
    starts = doc.user_data.get("newsledger.starts")
    if starts is None:
        starts = doc.user_data["newsledger.starts"] = doc.to_array(IDX).tolist() if len(doc) else []
    first = max(0, bisect.bisect_right(starts, start) - 1)
    last = bisect.bisect_left(starts, end)
    return doc[first:last] if last > first else None


def tense_at(doc: Doc, start: int, end: int) -> str | None:
    """The tense of the clause a character span belongs to: past, future, present or None."""
    span = char_span(doc, start, end)
    if span is None or len(span) == 0:
        return None
    verb = governing_verb(span.root)
    return clause_tense(verb) if verb is not None else None


def governing_verb(token: Token) -> Token | None:
    """The nearest verb above a token: the verb whose modifier it is."""
    current = token
    for _ in range(8):
        if current.pos_ in ("VERB", "AUX") and current.dep_ not in ("aux", "auxpass"):
            return current
        if current.head is current:
            return None
        current = current.head
    return None


def clause_tense(verb: Token) -> str | None:
    """past (did, has done, was done), future (will do, is going to, plans to do), present, or None."""
    for _ in range(4):
        auxes = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in auxes}
        if words == {"to"} and verb.dep_ == "xcomp" and verb.head.pos_ in ("VERB", "AUX"):
            return None if clause_tense(verb.head) == PAST else FUTURE  # "agreed to sell in October"
        if words & _FUTURE_AUX or any(a.tag_ == "MD" for a in auxes):
            return FUTURE
        if verb.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxes) or words & {"has", "have", "had", "'ve"}:
            return PAST
        if verb.tag_ == "VBG" and words & _PRESENT_AUX:
            return FUTURE if _has_time_after(verb) else PRESENT
        if verb.tag_ in ("VBZ", "VBP"):
            return PRESENT
        if verb.head is verb or verb.dep_ not in ("advcl", "xcomp", "acl", "relcl", "conj", "ccomp", "pcomp"):
            return None
        verb = verb.head  # a participle or infinitive takes the tense of the clause it hangs from
    return None


def _has_time_after(verb: Token) -> bool:
    return any(t.ent_type_ in TIME_LABELS for t in verb.subtree if t.i > verb.i)


# -- dateparser --------------------------------------------------------------------------------------------------

@functools.lru_cache(maxsize=32)
def _dateparser(anchor: date | None):
    """dateparser's parser for one anchor, built once (building it costs far more than a parse)."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = datetime(anchor.year, anchor.month, anchor.day)
    return DateDataParser(languages=["en"], settings=settings)


_PERIOD_FORMATS = {"year": ("%Y", "year"), "month": ("%Y-%m", "month"), "week": ("%G-W%V", "week"),
                   "day": ("%Y-%m-%d", "day"), "time": ("%Y-%m-%d", "day")}


def parse_with_dateparser(text: str, anchor: date | None) -> Timex | None:
    """dateparser's reading of an expression, at the precision it reports (relative ones need the anchor; one
    that states its year is read without it, by one parser shared across articles)."""
    explicit = re.search(r"\b(?:1[6-9]|20)\d\d\b", text) is not None
    data = _dateparser(None if explicit else anchor).get_date_data(text)
    if data is None or data.date_obj is None:
        return None
    form, precision = _PERIOD_FORMATS.get(data.period or "day", ("%Y-%m-%d", "day"))
    if not explicit and anchor is None:
        return Timex("date", None, precision, "unknown", rule="dateparser")
    return Timex("date", data.date_obj.strftime(form), precision, "explicit" if explicit else "relative",
                 rule="dateparser")
