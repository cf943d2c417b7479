"""The model's attribute ruler and lemmatizer, applied per doc with arrays instead of one Token object at a time.

spaCy's own components spend about a third of the pipeline's time on Python work per token: a Span and a dict walk
per rule match in the attribute ruler, a Token, a morph dict and a string per lemma in the lemmatizer. Neither
reads anything the named-entity recogniser writes, nor does the recogniser read what they write, so
:class:`FastAnnotator` runs after the rest of the pipeline and writes exactly what they would have written,
taking every rule and table from the loaded components themselves:

- the ruler's leading rules that test one token's tag and nothing else (its tag map) become a table, looked up
  for all tokens at once; the rules after them run through a Matcher of their own, and every rule's attributes
  are applied in the ruler's order (a later rule wins), as the ruler does;
- a lemma depends on nothing but the token's text, part of speech and morphology, so the lemmatizer is asked once
  per distinct (orth, pos, morph) and its answers are kept (a bounded memo: the same answer, computed again after
  it is cleared).

:func:`fast_annotator` returns None when a component is not of a kind it reproduces; the model then runs as it is.
"""

from __future__ import annotations

import numpy
from spacy.attrs import DEP, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc

RULER, LEMMATIZER, RECOGNISER = "attribute_ruler", "lemmatizer", "ner"
#: The token attributes a ruler rule may set for this module to apply it.
_COLUMNS = (POS, TAG, MORPH, LEMMA, DEP)
_MEMO_LIMIT = 500_000


class FastAnnotator:
    """Sets part of speech, morphology and lemma as the model's ``attribute_ruler`` then ``lemmatizer`` would."""

    replaces = (RULER, LEMMATIZER)

    def __init__(self, ruler: AttributeRuler, lemmatizer: Lemmatizer) -> None:
        self.vocab = ruler.vocab
        self.lemmatizer = lemmatizer
        count = len(ruler.attrs)
        lead = 0
        while lead < count and _tag_only(ruler.matcher.get(str(lead))[1]) is not None:
            lead += 1
        self.by_tag: dict[int, dict[int, int]] = {}  # tag -> {column: value}, the later rule winning
        for i in range(lead):
            tag = self.vocab.strings.add(_tag_only(ruler.matcher.get(str(i))[1]))
            self.by_tag.setdefault(tag, {}).update(ruler.attrs[i])
        self.matcher = Matcher(self.vocab, validate=False)
        for i in range(lead, count):
            self.matcher.add(self.vocab.strings.add(str(i)), ruler.matcher.get(str(i))[1])
        self.rules = [(dict(attrs), index) for attrs, index in zip(ruler.attrs, ruler.indices)]
        self.memo: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        array = doc.to_array([ORTH, *_COLUMNS])
        columns = {attr: k + 1 for k, attr in enumerate(_COLUMNS)}
        values = array.copy()
        tags = array[:, columns[TAG]]
        for tag in numpy.unique(tags).tolist():
            rows = tags == tag
            for attr, value in self.by_tag.get(tag, {}).items():
                values[rows, columns[attr]] = value
        matches = sorted((int(self.vocab.strings[key]), start, end)
                         for key, start, end in self.matcher(doc, allow_missing=True, as_spans=False))
        for rule, start, end in matches:
            attrs, index = self.rules[rule]
            token = range(start, end)[index]
            for attr, value in attrs.items():
                values[token, columns[attr]] = value
        doc.from_array(list(_COLUMNS), values[:, 1:])
        self._lemmatize(doc, values, columns)
        return doc

    def _lemmatize(self, doc: Doc, values: numpy.ndarray, columns: dict[int, int]) -> None:
        lemma_column = columns[LEMMA]
        overwrite = self.lemmatizer.overwrite
        rows = values[:, [0, columns[POS], columns[MORPH], lemma_column]].tolist()
        lemmas = []
        memo, strings = self.memo, self.vocab.strings
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not overwrite:
                lemmas.append(lemma)
                continue
            key = (orth, pos, morph)
            found = memo.get(key)
            if found is None:
                if len(memo) >= _MEMO_LIMIT:
                    memo.clear()
                found = memo[key] = strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(found)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))


def fast_annotator(nlp: Language) -> FastAnnotator | None:
    """An annotator for ``nlp``'s ruler and lemmatizer, or None when their output cannot be reproduced here.

    It requires the ruler directly followed by the lemmatizer, with nothing after them but the recogniser (which
    neither reads what they set nor sets what they read), a rule lemmatizer or a lookup one, and ruler rules that
    set no attribute but part of speech, tag, morphology, lemma and dependency label, and test no entity
    attribute or extension.
    """
    names = nlp.pipe_names
    if RULER not in names or names[names.index(RULER):] not in ([RULER, LEMMATIZER], [RULER, LEMMATIZER, RECOGNISER]):
        return None
    ruler, lemmatizer = nlp.get_pipe(RULER), nlp.get_pipe(LEMMATIZER)
    if type(ruler) is not AttributeRuler or not isinstance(lemmatizer, Lemmatizer):
        return None
    if lemmatizer.mode not in ("rule", "lookup") or any(set(attrs) - set(_COLUMNS) for attrs in ruler.attrs):
        return None
    tested = {key for i in range(len(ruler.attrs)) for pattern in ruler.matcher.get(str(i))[1]
              for token in pattern for key in token}
    if any(key.upper().startswith(("ENT_", "_")) for key in tested):  # the recogniser will have run
        return None
    return FastAnnotator(ruler, lemmatizer)


def _tag_only(patterns: list) -> str | None:
    """The tag a rule tests, if it is one pattern of one token that tests that tag and nothing else."""
    if len(patterns) == 1 and len(patterns[0]) == 1 and set(patterns[0][0]) == {"TAG"}:
        tag = patterns[0][0]["TAG"]
        return tag if isinstance(tag, str) else None
    return None
