"""The model's attribute ruler and lemmatizer, applied per doc from arrays instead of one Token object at a time.

spaCy's own components spend a large share of the pipeline's time on Python work per token: a Span and a dict walk
per rule match in the attribute ruler, a Token, a morph dict and a string per lemma in the lemmatizer. Neither
reads anything the named-entity recogniser writes, nor does the recogniser read what they write, so
:class:`FastAnnotator` runs after the rest of the pipeline and writes exactly what they would have written,
taking every rule and table from the loaded components themselves.

A rule whose patterns are one token each, tested for equality with or membership of strings (the tag map and
nearly every exception), decides a token's attributes from that token's own attributes alone; the lemmatizer
decides a lemma from the token's text, part of speech and morphology. What both write for a token is therefore a
function of its orth, the attributes the rules test and the attributes they write, and it is kept in bounded memos
(:class:`Memo`): one dictionary look-up per token in the common case; the rules evaluated (in the ruler's order, a
later rule winning) once per combination of the values that decide them, and the lemmatizer asked once per (orth,
part of speech, morphology). The few rules of other shapes run through a Matcher of their own; a token one of them
matches is evaluated in full, in order, outside the first memo.

:func:`fast_annotator` returns None when a component is not of a kind it reproduces; the model then runs as it is.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

RULER, LEMMATIZER, RECOGNISER = "attribute_ruler", "lemmatizer", "ner"
#: The token attributes the ruler may set for this module to apply it, in the order of a memo entry.
WRITTEN = (POS, TAG, MORPH, LEMMA, DEP)
#: The string attributes a one-token pattern may test to be evaluated here (others go to the Matcher).
_STRING_ATTRS = {"ORTH", "LOWER", "NORM", "TAG", "POS", "DEP", "LEMMA"}
#: How many entries a memo's newer generation takes before it becomes the older one (see :class:`Memo`).
MEMO_GENERATION = 50_000

Tests = tuple[tuple[int, bool, frozenset[int]], ...]  # (column, negated, values): all must hold


class Memo:
    """A memo in two generations, bounded at twice ``generation`` entries however long a run.

    Entries go into the newer generation. When it is full it becomes the older one, and the older one is dropped;
    an entry then found only in the older generation is copied into the newer. So the entries in use (the common
    words of the language) stay, and a run's rare words are let go. A process analysing 3,000 news articles grew
    to 439 MB with these, to 458 MB with memos of up to 500,000 entries each (which go on growing, by about 30,000
    entries per 1,000 articles); a memo emptied whole when full works out its common entries again each time
    (emptied at 20,000 entries, the annotator took 2.6 times as long).
    """

    __slots__ = ("new", "old", "generation")

    def __init__(self, generation: int | None = None) -> None:
        self.new: dict = {}
        self.old: dict = {}
        self.generation = MEMO_GENERATION if generation is None else generation

    def __len__(self) -> int:
        return len(self.new) + len(self.old)

    def get(self, key):
        """The value kept under ``key`` in either generation (copied into the newer), or None."""
        found = self.new.get(key)
        if found is None:
            found = self.old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key, value) -> None:
        if len(self.new) >= self.generation:
            self.old, self.new = self.new, {}
        self.new[key] = value


@dataclass(frozen=True, slots=True)
class _Rule:
    id: int
    attrs: tuple[tuple[int, int], ...]  # (position in WRITTEN, value)
    index: int  # the token of the match that the attributes go to
    patterns: tuple[Tests, ...] | None  # None: the rule is found by the Matcher


class FastAnnotator:
    """Sets part of speech, morphology and lemma as the model's ``attribute_ruler`` then ``lemmatizer`` would."""

    replaces = (RULER, LEMMATIZER)

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.vocab = ruler.vocab
        self.lemmatizer = lemmatizer
        self.matcher = Matcher(self.vocab, validate=False)
        self.columns: list[int] = [ORTH]  # what a token's memo key is made of
        self.rules: list[_Rule] = []
        for i, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices)):
            patterns = ruler.matcher.get(str(i))[1]
            tests = [self._tests(pattern) for pattern in patterns]
            written = tuple((WRITTEN.index(attr), value) for attr, value in attrs.items())
            if index in (0, -1) and all(test is not None for test in tests):
                self.rules.append(_Rule(i, written, index, tuple(tests)))
            else:
                self.matcher.add(self.vocab.strings.add(str(i)), patterns)
                self.rules.append(_Rule(i, written, index, None))
        self.written_at = [self._column(attr) for attr in WRITTEN]
        tested: dict[int, set[int]] = {}
        for rule in self.rules:
            for tests in rule.patterns or ():
                for k, _, wanted in tests:
                    tested.setdefault(k, set()).update(wanted)
        self.deciding = [(k, None) for k in self.written_at] + [
            (k, frozenset(values)) for k, values in tested.items() if k not in self.written_at]
        self.memo = Memo()  # memo columns -> written values
        self.ruled = Memo()  # deciding values -> what the rules write
        self.lemmas = Memo()  # (orth, pos, morph) -> lemma

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        by_token: dict[int, set[int]] = {}  # token -> the Matcher's rules that write to it
        if len(self.matcher):
            for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False):
                rule = int(self.vocab.strings[key])
                by_token.setdefault(range(start, end)[self.rules[rule].index], set()).add(rule)
        memo = self.memo
        newer = memo.new  # the common case, looked up without a call
        out = []
        for i, row in enumerate(doc.to_array(self.columns).tolist()):
            if i in by_token:
                out.append(self._lemmatize(doc, i, row, self._apply(row, by_token[i])))
                continue
            key = tuple(row)
            found = newer.get(key)
            if found is None:
                found = memo.get(key)
                if found is None:
                    found = self._lemmatize(doc, i, row, self._ruled(row))
                    memo.put(key, found)
                newer = memo.new
            out.append(found)
        doc.from_array(list(WRITTEN), numpy.array(out, dtype=numpy.uint64))
        return doc

    def _ruled(self, row: list[int]) -> list[int]:
        """What the rules write for a token with memo columns ``row``, kept under the values that decide it: the
        attributes written, and of those only tested, whether and in which rule's values they are."""
        key = tuple(row[k] if keep is None else (row[k] if row[k] in keep else -1) for k, keep in self.deciding)
        found = self.ruled.get(key)
        if found is None:
            found = tuple(self._apply(row, set()))
            self.ruled.put(key, found)
        return list(found)

    def _apply(self, row: list[int], matched: set[int]) -> list[int]:
        """The ruler's rules applied in order to a token (``matched``: the Matcher's rules that matched it)."""
        values = [row[k] for k in self.written_at]
        for rule in self.rules:
            if rule.id in matched or (rule.patterns is not None and any(
                    all((row[k] in wanted) != negated for k, negated, wanted in tests) for tests in rule.patterns)):
                for position, value in rule.attrs:
                    values[position] = value
        return values

    def _lemmatize(self, doc: Doc, i: int, row: list[int], values: list[int]) -> tuple[int, ...]:
        """``values`` (what the ruler wrote) with the lemma the lemmatizer gives token ``i``."""
        lemma = WRITTEN.index(LEMMA)
        if self.lemmatizer.overwrite or not values[lemma]:
            key = (row[0], values[0], values[2])  # orth, pos, morph
            found = self.lemmas.get(key)
            if found is None:
                token = doc[i]  # the lemmatizer reads the token: give it what the ruler wrote
                token.pos, token.tag = values[0], values[1]
                token.set_morph(values[2])
                found = self.vocab.strings.add(self.lemmatizer.lemmatize(token)[0])
                self.lemmas.put(key, found)
            values[lemma] = found
        return tuple(values)

    def _column(self, attr: int) -> int:
        if attr not in self.columns:
            self.columns.append(attr)
        return self.columns.index(attr)

    def _tests(self, pattern: list[dict]) -> Tests | None:
        """A one-token pattern as tests on the token's attribute values, or None when it is not one token tested
        only for equality with, or membership of, strings (or flags for ``IS_`` attributes), which is all the
        Matcher's evaluation of such a pattern comes to."""
        if len(pattern) != 1:
            return None
        tests = []
        for key, value in pattern[0].items():
            name = "ORTH" if key.upper() == "TEXT" else key.upper()
            flag = name.startswith("IS_")
            if name not in _STRING_ATTRS and not (flag and name in IDS):
                return None
            if isinstance(value, dict) and len(value) == 1 and set(value) <= {"IN", "NOT_IN"}:
                negated, members = "NOT_IN" in value, next(iter(value.values()))
            else:
                negated, members = False, [value]
            if flag and all(isinstance(m, bool) for m in members):
                wanted = frozenset(int(m) for m in members)
            elif not flag and all(isinstance(m, str) for m in members):
                wanted = frozenset(self.vocab.strings.add(m) for m in members)
            else:
                return None
            tests.append((self._column(IDS[name]), negated, wanted))
        return tuple(tests)


def fast_annotator(nlp: Language) -> FastAnnotator | None:
    """An annotator for ``nlp``'s ruler and lemmatizer, or None when their output cannot be reproduced here.

    It requires the ruler directly followed by the lemmatizer, with nothing after them but the recogniser (which
    neither reads what they set nor sets what they read), a rule lemmatizer or a lookup one (whose answer depends
    on the token's text, part of speech and morphology only), and ruler rules that set no attribute but part of
    speech, tag, morphology, lemma and dependency label, and test no entity attribute or extension.
    """
    names = nlp.pipe_names
    if RULER not in names or names[names.index(RULER):] not in ([RULER, LEMMATIZER], [RULER, LEMMATIZER, RECOGNISER]):
        return None
    ruler, lemmatizer = nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER)
    if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
        return None
    if lemmatizer.mode not in ("rule", "lookup") or any(set(attrs) - set(WRITTEN) for attrs in ruler.attrs):
        return None
    tested = {key for i in range(len(ruler.attrs)) for pattern in ruler.matcher.get(str(i))[1]
              for token in pattern for key in token}
    if any(key.upper().startswith(("ENT_", "_")) for key in tested):  # the recogniser will have run
        return None
    return FastAnnotator(ruler, lemmatizer)
