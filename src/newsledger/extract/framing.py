"""Framing cues: loaded terms, delegitimising labels, euphemisms, honorifics, intensifiers, scare quotes, and the
verb chosen for violent events (the ``framing`` of the contract).

The lexicon is ``framing_terms.tsv`` (a term per row, matched by lemma or by exact form, optionally only as one
part of speech, with words before or after that cancel a match) and ``violent_verbs.tsv`` (the verb choice of
killings). Within one category the longest match wins; categories may overlap (``the great martyr`` is an
honorific, its ``martyr`` a loaded term).
Scare quotes are the quoted stretches :func:`~newsledger.extract.quotemarks.classify` does not call quotations.
Framing never changes an event's code: the event coder only records :meth:`FramingFinder.verb_choice`.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Token

from ..datafiles import Row, data_files, load_rows, read_tsv
from ..records import FramingMark
from .cues import SpeechCues
from .mentions import token_view
from .quotemarks import classify, quoted_spans
from .syntax import syntax_view

CATEGORIES = {"loaded_term", "delegitimising_label", "euphemism", "honorific", "intensifier", "distancing"}
SCARE_QUOTE = "scare_quote"
VERB_CHOICE = "verb_choice"
_TRAILING = " \t\n,.;:!?"
TERM_HEADER = ("term", "category", "match", "pos", "unless_preceded_by", "unless_followed_by")
_OLD_TERM_HEADER = tuple(c for c in TERM_HEADER if c != "pos")  # files written before the pos column
POS_TAGS = {"ADJ", "ADV", "NOUN", "VERB"}


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]
    entry: str  # the lexicon entry, as the mark's ``term``
    category: str
    by_lemma: bool
    pos: str | None  # the part of speech the term's last word must have ("evil" the adjective), or any
    unless_preceded_by: frozenset[str]
    unless_followed_by: frozenset[str]
    capitalised: bool  # written with capitals in the lexicon (``Zionist entity``): may match inside a name


@dataclass(frozen=True, slots=True)
class VerbChoice:
    word: str  # lemma
    particle: str | None  # "out" in "take out"
    pos: str | None  # VERB, NOUN or None for either
    choice: str
    mark: str | None  # framing category of every use of the word, if any


class FramingFinder:
    """Built once per pipeline: the framing lexicon tokenised like the text, and the verb-choice table."""

    def __init__(self, make_doc: Callable[[str], Doc], extra_dirs: Sequence[str | Path] = (), *,
                 cues: SpeechCues | None = None) -> None:
        self.cues = cues or SpeechCues.load(extra_dirs)
        self.terms: dict[str, list[Term]] = {}  # first word (and its regular plurals) -> terms, longest first
        for term in _load_terms(make_doc, extra_dirs):
            for key in _keys(term.words[0], term.by_lemma):
                self.terms.setdefault(key, []).append(term)
        for terms in self.terms.values():
            terms.sort(key=lambda t: -len(t.words))
        self.verbs: dict[str, list[VerbChoice]] = {}
        for verb in _load_verbs(extra_dirs):
            self.verbs.setdefault(verb.word, []).append(verb)
        for verbs in self.verbs.values():
            verbs.sort(key=lambda v: v.particle is None)
        self.marked_verbs = {word for word, verbs in self.verbs.items() if any(v.mark for v in verbs)}

    def find(self, doc: Doc) -> list[FramingMark]:
        """Every framing mark in text order."""
        marks = self._lexicon_marks(doc) + self._verb_marks(doc) + self._scare_quotes(doc)
        unique = {(m.start, m.end, m.category): m for m in marks}
        return sorted(unique.values(), key=lambda m: (m.start, m.end, m.category))

    def verb_choice(self, token: Token) -> str | None:
        """The word chosen for a violent event whose trigger is ``token`` (``assassinated``, ``killed`` …)."""
        verb = self._verb_at(token)
        return verb.choice if verb is not None else None

    # -- lexicon ---------------------------------------------------------------------------------------------

    def _lexicon_marks(self, doc: Doc) -> list[FramingMark]:
        view = token_view(doc)
        lower, lemma = view.lower, syntax_view(doc).lemma
        hits = self.terms.keys() & (set(lower) | set(lemma))
        if not hits:
            return []
        names = _name_tokens(doc)
        found: dict[str, list[tuple[int, int, Term]]] = {}
        for i in (i for i, (w, m) in enumerate(zip(lower, lemma)) if w in hits or m in hits):
            terms = self.terms.get(lower[i], [])
            if lemma[i] != lower[i]:
                terms = terms + self.terms.get(lemma[i], [])
            for term in terms:
                end = i + len(term.words)
                if self._matches(term, lower, lemma, i, end) and _pos_fits(term, view.pos, end) and (
                        term.capitalised or names.isdisjoint(range(i, end))):
                    found.setdefault(term.category, []).append((i, end, term))
        marks = []
        for matches in found.values():
            marks.extend(self._mark(doc, start, end, term.category, term.entry)
                         for start, end, term in _longest(matches))
        return marks

    @staticmethod
    def _matches(term: Term, lower: list[str], lemma: list[str], start: int, end: int) -> bool:
        if end > len(lower):
            return False
        for word, i in zip(term.words, range(start, end)):
            if lower[i] != word and not (term.by_lemma and _inflects(word, lower[i], lemma[i])):
                return False
        if start > 0 and lower[start - 1] in term.unless_preceded_by:
            return False
        return not (end < len(lower) and lower[end] in term.unless_followed_by)

    # -- verb choice -----------------------------------------------------------------------------------------

    def _verb_marks(self, doc: Doc) -> list[FramingMark]:
        marks = []
        for i in (i for i, m in enumerate(syntax_view(doc).lemma) if m in self.marked_verbs):
            verb = self._verb_at(doc[i])
            if verb is not None and verb.mark:
                marks.append(self._mark(doc, i, i + 1, verb.mark, verb.choice))
        return marks

    def _verb_at(self, token: Token) -> VerbChoice | None:
        pos = "VERB" if token.pos_ in ("VERB", "AUX") else "NOUN" if token.pos_ in ("NOUN", "PROPN") else None
        for key in dict.fromkeys((token.lemma_.lower(), token.lower_)):
            for verb in self.verbs.get(key, ()):
                if verb.pos is not None and verb.pos != pos:
                    continue
                if verb.particle is None or any(c.lower_ == verb.particle for c in token.children):
                    return verb
        return None

    # -- scare quotes ----------------------------------------------------------------------------------------

    def _scare_quotes(self, doc: Doc) -> list[FramingMark]:
        marks, full = [], syntax_view(doc).text
        for quoted in quoted_spans(doc):
            if quoted.depth == 0 and classify(doc, quoted, self.cues) == SCARE_QUOTE:
                text = full[quoted.inner_start:quoted.inner_end]
                start = quoted.inner_start + len(text) - len(text.lstrip())
                end = quoted.inner_start + len(text.rstrip(_TRAILING))
                if end > start:
                    marks.append(FramingMark(full[start:end], start, end, SCARE_QUOTE, full[start:end].lower()))
        return marks

    @staticmethod
    def _mark(doc: Doc, start: int, end: int, category: str, term: str) -> FramingMark:
        span = doc[start:end]
        return FramingMark(span.text, span.start_char, span.end_char, category, term)


def _pos_fits(term: Term, pos: list[str], end: int) -> bool:
    return term.pos is None or pos[end - 1] == term.pos or (term.pos == "NOUN" and pos[end - 1] == "PROPN")


def _inflects(word: str, form: str, lemma: str) -> bool:
    """Whether a token is an inflection of a lexicon word: by its lemma, or a regular plural spaCy tagged as a
    name (``Martyrs``, whose lemma stays ``Martyrs``)."""
    return lemma == word or form in (word + "s", word + "es")


def _name_tokens(doc: Doc) -> set[int]:
    """Capitalised tokens inside named entities: ``Barbarians`` the rugby team, ``Shameless`` the TV show and
    ``the Las Vegas Massacre`` are names, not word choices (lexicon entries written with capitals still match)."""
    text = token_view(doc).text
    return {i for ent in doc.ents for i in range(ent.start, ent.end) if text[i][:1].isupper()}


def _longest(matches: list[tuple[int, int, Term]]) -> list[tuple[int, int, Term]]:
    """Non-overlapping matches of one category, the longest first where they overlap."""
    kept: list[tuple[int, int, Term]] = []
    for start, end, term in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or e <= start for s, e, _ in kept):
            kept.append((start, end, term))
    return kept


def _keys(word: str, by_lemma: bool) -> tuple[str, ...]:
    return (word, word + "s", word + "es") if by_lemma else (word,)


def _load_terms(make_doc: Callable[[str], Doc], extra_dirs: Sequence[str | Path]) -> list[Term]:
    terms, seen = [], set()
    for row in _term_rows(extra_dirs):
        for phrase in _expand(row["term"]):
            words = tuple(t.lower_ for t in make_doc(phrase))
            if (words, row["category"]) in seen:
                continue
            seen.add((words, row["category"]))
            terms.append(Term(words, phrase.lower(), row["category"], row["match"] == "lemma", row["pos"] or None,
                              frozenset(w.lower() for w in row.values("unless_preceded_by")),
                              frozenset(w.lower() for w in row.values("unless_followed_by")),
                              phrase != phrase.lower()))
    return terms


def _term_rows(extra_dirs: Sequence[str | Path]) -> list[Row]:
    """The rows of every ``framing_terms.tsv``, user files first; a user file without the ``pos`` column (the
    header before it was added) still reads, its terms matching any part of speech."""
    rows = []
    for path, text in data_files("framing_terms.tsv", extra_dirs):
        first = next((line for line in text.splitlines() if line.strip() and not line.startswith("#")), "")
        old = first.split("\t") == list(_OLD_TERM_HEADER)
        for row in read_tsv(path, _OLD_TERM_HEADER if old else TERM_HEADER, text=text):
            if old:
                row = Row(row.path, row.line, {**row.cells, "pos": ""})
            _check_term(row)
            rows.append(row)
    return rows


def _expand(term: str) -> list[str]:
    """``the great/beloved martyr`` → ``the great martyr``, ``the beloved martyr``."""
    return [" ".join(words) for words in itertools.product(*(w.split("/") for w in term.split()))]


def _check_term(row: Row) -> None:
    if not row["term"].strip():
        raise row.error("empty term", fix="every row needs a term")
    if row["category"] not in CATEGORIES:
        raise row.error(f"unknown category {row['category']!r}", fix="use one of " + ", ".join(sorted(CATEGORIES)))
    if row["match"] not in ("lemma", "form"):
        raise row.error(f"unknown match {row['match']!r}", fix="write lemma or form")
    if row["pos"] and row["pos"] not in POS_TAGS:
        raise row.error(f"unknown pos {row['pos']!r}",
                        fix="write " + ", ".join(sorted(POS_TAGS)) + ", or leave the cell empty")


def _load_verbs(extra_dirs: Sequence[str | Path]) -> list[VerbChoice]:
    verbs = []
    for row in load_rows("violent_verbs.tsv", ("word", "pos", "choice", "mark"), extra_dirs, check=_check_verb):
        word, _, particle = row["word"].lower().partition(" ")
        verbs.append(VerbChoice(word, particle or None, row["pos"] or None, row["choice"], row["mark"] or None))
    return verbs


def _check_verb(row: Row) -> None:
    if not row["word"] or not row["choice"]:
        raise row.error("a verb needs word and choice", fix="fill both cells, e.g. assassinate and assassinated")
    if row["pos"] not in ("", "VERB", "NOUN"):
        raise row.error(f"unknown pos {row['pos']!r}", fix="write VERB, NOUN, or leave the cell empty")
    if row["mark"] and row["mark"] not in CATEGORIES | {VERB_CHOICE}:
        raise row.error(f"unknown mark {row['mark']!r}", fix="use verb_choice or a framing category, or leave empty")
