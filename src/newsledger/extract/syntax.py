"""The parse of a doc as plain lists (lemmas, tags, dependencies, heads, offsets, sentences, paragraphs).

Built once per doc from ``Doc.to_array`` and cached beside :func:`~newsledger.extract.mentions.token_view`, so the
quote and framing extractors scan lists instead of making a spaCy Token object per access.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from spacy.attrs import DEP, HEAD, IDX, LEMMA, ORTH, SENT_START, SPACY, TAG
from spacy.tokens import Doc

_KEY = "newsledger.syntax"
_LINE_BREAKS = re.compile(r"\n\s*")


@dataclass(slots=True)
class SyntaxView:
    text: str  # the doc's text (spaCy rebuilds doc.text from Token objects on every access)
    lemma: list[str]  # lower case
    tag: list[str]
    dep: list[str]
    head: list[int]  # absolute token index
    idx: list[int]  # character offset of each token
    sent: list[int]  # index of each token's sentence in ``sents``
    sents: list[tuple[int, int]]  # token ranges
    paragraph: list[int]  # index of each token's paragraph (a newline starts a new one)

    def token_at(self, char: int) -> int:
        """The token covering (or just before) a character offset."""
        return max(bisect_right(self.idx, char) - 1, 0)

    def token_from(self, char: int) -> int:
        """The first token starting at or after a character offset."""
        return bisect_right(self.idx, char - 1)

    def sentence_of(self, i: int) -> tuple[int, int]:
        return self.sents[self.sent[i]]

    def is_verb(self, i: int) -> bool:
        return self.tag[i].startswith("VB")


def syntax_view(doc: Doc) -> SyntaxView:
    view = doc.user_data.get(_KEY)
    if view is None:
        view = doc.user_data[_KEY] = _build(doc)
    return view


def _build(doc: Doc) -> SyntaxView:
    strings = doc.vocab.strings
    array = doc.to_array([LEMMA, TAG, DEP, HEAD, IDX, SENT_START, ORTH, SPACY])
    lemmas, tags, deps, _, idx, starts, orths, spaces = (array[:, k].tolist() for k in range(8))
    relative = array[:, 3].astype("int64").tolist()  # head offsets, stored unsigned
    names = {value: strings[value] for value in set(lemmas) | set(tags) | set(deps) | set(orths)}
    lemma = [names[v].lower() for v in lemmas]
    head = [i + offset for i, offset in enumerate(relative)]
    firsts = [i for i, start in enumerate(starts) if start == 1 or i == 0]
    sents = list(zip(firsts, firsts[1:] + [len(starts)]))
    sent = [n for n, (start, end) in enumerate(sents) for _ in range(start, end)]
    text = "".join(names[o] + " " if space else names[o] for o, space in zip(orths, spaces))
    return SyntaxView(text, lemma, [names[v] for v in tags], [names[v] for v in deps], head, idx, sent, sents,
                      _paragraphs(text, idx))


def _paragraphs(text: str, idx: list[int]) -> list[int]:
    breaks = [m.end() for m in _LINE_BREAKS.finditer(text)]
    return [bisect_right(breaks, offset) for offset in idx]
