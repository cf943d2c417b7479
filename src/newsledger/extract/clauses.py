"""Reading the parse around a speech cue: its subject, the noun phrase after it, its complement clause.

Only the few tokens around cues are visited (as spaCy Tokens); whole-document scans use the list views.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .mentions import token_view
from .syntax import syntax_view

SUBJECTS = ("nsubj", "nsubjpass")
_INHERITS_SUBJECT = ("advcl", "xcomp", "conj", "pcomp", "prep")
_RELATIVES = {"who", "that", "which"}
_PHRASE_BREAKS = {",", "—", "–", "(", ";", ":", "\"", "“", "”", "‘", "’", "''", "\n", "\n\n"}
_NP_TAGS = ("DT", "PDT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "POS", "PRP", "PRP$", "HYPH")


def subject_of(doc: Doc, cue: int, depth: int = 4) -> int | None:
    """The subject token of a cue.

    A participle or coordinated verb shares its head's (``…, adding``; ``and said``; ``by saying``), a relative
    clause's ``who`` stands for the noun it describes, and a passive cue's agent is its subject.
    """
    token = doc[cue]
    subjects = [c for c in token.children if c.dep_ in SUBJECTS]
    for child in [c for c in subjects if not dateline(c)] or subjects:
        if child.lower_ in _RELATIVES and token.dep_ == "relcl":
            return token.head.i
        if dateline(child):
            appos = past_dateline(child)
            return appos.i if appos is not None else None
        return child.i
    for child in token.children:
        if child.dep_ == "agent":
            objects = [c.i for c in child.children if c.dep_ == "pobj"]
            return objects[0] if objects else None
    head = token.head
    while depth and head.i != token.i and token.dep_ in _INHERITS_SUBJECT:
        if head.pos_ in ("VERB", "AUX"):
            return subject_of(doc, head.i, depth - 1)
        token, head, depth = head, head.head, depth - 1
    return None


_DASHES = frozenset({"—", "–", "-", "--"})


def dateline(token: Token) -> bool:
    """Whether the parser took a wire dateline for a subject ("VIENNA — The agency said", "GAZA CITY (AP) —
    Officials said", "NAIROBI, Kenya — The government said"): upper-case words opening the sentence, with the
    dash that ends the dateline hung on them."""
    return (token.left_edge.i == token.sent.start and token.text.isupper() and token.text.isalpha()
            and len(token.text) > 1 and any(c.text in _DASHES for c in token.children))


def past_dateline(token: Token) -> Token | None:
    """The noun phrase the parser hung on a dateline as an apposition after its dash, the real subject."""
    dash = next(c.i for c in token.children if c.text in _DASHES)
    return next((c for c in token.children if c.dep_ == "appos" and c.i > dash), None)


def phrase_span(doc: Doc, head: int, floor: int = 0, ceiling: int | None = None) -> tuple[int, int]:
    """The words of the noun phrase headed by ``head``, cut before an apposition or relative clause."""
    token = doc[head]
    start, end = max(token.left_edge.i, floor), token.right_edge.i + 1
    if ceiling is not None:
        end = min(end, ceiling)
    text = token_view(doc).text
    for i in range(head + 1, end):
        if text[i] in _PHRASE_BREAKS or text[i].strip() == "":
            end = i
            break
    for i in range(head - 1, start - 1, -1):
        if text[i] in _PHRASE_BREAKS or text[i].strip() == "":
            start = i + 1
            break
    return start, max(end, head + 1)


def noun_phrase_after(doc: Doc, start: int, limit: int) -> tuple[int, int] | None:
    """The noun phrase beginning at ``start`` (``said Ayatollah Khamenei on Sunday`` → Ayatollah Khamenei)."""
    tags = syntax_view(doc).tag
    end = start
    while end < limit and tags[end] in _NP_TAGS:
        end += 1
    while end > start and tags[end - 1] in ("DT", "POS", "HYPH"):
        end -= 1
    return (start, end) if end > start else None


def clause_span(doc: Doc, head: int) -> tuple[int, int]:
    """The tokens of the clause headed by ``head``, without a leading complementiser or trailing punctuation."""
    token = doc[head]
    start, end = token.left_edge.i, token.right_edge.i + 1
    return trim(doc, start, end)


def trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """A token range without leading ``that``/punctuation and trailing punctuation or spaces."""
    view = token_view(doc)
    while start < end and (view.pos[start] in ("PUNCT", "SPACE") or view.lower[start] == "that" and
                           syntax_view(doc).dep[start] == "mark"):
        start += 1
    while end > start and view.pos[end - 1] in ("PUNCT", "SPACE"):
        end -= 1
    return start, end


def syntactic_head(doc: Doc, start: int, end: int) -> int:
    """The token of a range whose head lies outside it (the last such token; the last token if none)."""
    heads = syntax_view(doc).head
    inside = [i for i in range(start, end) if not start <= heads[i] < end or heads[i] == i]
    return inside[-1] if inside else end - 1
