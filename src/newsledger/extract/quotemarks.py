"""Quoted stretches of text: quote marks paired, and each outer stretch told apart as a quotation or a scare quote.

Pairs straight (``"``, ``''``, ``'``) and curly (“ ” ‘ ’) marks and guillemets. A straight mark opens after a
space or an opening bracket and closes otherwise; ``’`` and ``'`` between letters are apostrophes. Single quotes
inside double ones (and the reverse) are nested quotes and belong to the outer one. A double quote left open at
the end of a paragraph ends there: news leaves it open when the quotation goes on in the next paragraph, which
reopens it.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from spacy.tokens import Doc

from .cues import SpeechCues
from .mentions import token_view
from .syntax import SyntaxView, syntax_view

_KEY = "newsledger.quoted"
_MARKS = re.compile(r"''|``|[\"“”„‟«»‘’‚‛']")
_DOUBLE_OPEN = {"“", "„", "‟", "«", "``"}
_DOUBLE_CLOSE = {"”", "»"}
_SINGLE_OPEN = {"‘", "‚", "‛"}
_OPENING_CONTEXT = set(" \t\n([{—–-/")
_PARAGRAPH = re.compile(r"\n\s*")
MAX_SCARE_WORDS = 3


@dataclass(slots=True)
class Quoted:
    """One quoted stretch: character offsets of the marks and of the words between them, and their tokens."""

    start: int  # the opening mark
    end: int  # just after the closing mark (the paragraph end when left open)
    inner_start: int
    inner_end: int
    double: bool
    closed: bool
    depth: int = 0  # 0 for an outer quotation, 1 for one nested inside it
    first: int = 0  # first token of the quoted words
    last: int = 0  # one past the last token of the quoted words

    def words(self, doc: Doc) -> int:
        view = token_view(doc)
        return sum(1 for i in range(self.first, self.last) if view.text[i][:1].isalnum())


def quoted_spans(doc: Doc) -> list[Quoted]:
    """Every quoted stretch of the doc, outer ones with depth 0, in text order (cached per doc)."""
    spans = doc.user_data.get(_KEY)
    if spans is None:
        spans = doc.user_data[_KEY] = _scan(doc)
    return spans


def _scan(doc: Doc) -> list[Quoted]:
    view = syntax_view(doc)
    text = view.text
    breaks = [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]
    stack: list[tuple[bool, int, int]] = []  # (double, position, length of the mark)
    found: list[Quoted] = []
    for match in _MARKS.finditer(text):
        mark, position = match.group(), match.start()
        stack = _close_paragraphs(stack, position, breaks, text, found)
        role, double = _role(text, mark, position, stack)
        if role == "open":
            stack.append((double, position, len(mark)))
        elif role == "close":
            _close(stack, double, position + len(mark), len(mark), found)
    _close_paragraphs(stack, len(text) + 1, breaks, text, found)
    found.sort(key=lambda q: (q.start, -q.end))
    for q in found:
        q.first, q.last = view.token_from(q.inner_start), view.token_from(q.inner_end)
        q.depth = sum(1 for o in found if o is not q and o.start <= q.start and q.end <= o.end and
                      (o.start, o.end) != (q.start, q.end))
    return [q for q in found if q.last > q.first]


def _role(text: str, mark: str, position: int, stack: list) -> tuple[str | None, bool]:
    """Whether a mark opens or closes a quotation, or is neither (an apostrophe, a stray mark)."""
    before = text[position - 1] if position > 0 else "\n"
    end = position + len(mark)
    after = text[end] if end < len(text) else "\n"
    open_doubles = any(d for d, _, _ in stack)
    open_singles = any(not d for d, _, _ in stack)
    if mark in _DOUBLE_OPEN:
        return ("close" if open_doubles and not before.isspace() else "open"), True
    if mark in _DOUBLE_CLOSE:
        return "close", True
    if mark in _SINGLE_OPEN:
        return "open", False
    if mark in ('"', "''"):
        if open_doubles and not (before in _OPENING_CONTEXT and after.isalnum()):
            return "close", True
        if before in _OPENING_CONTEXT or before in "“‘'\"":
            return ("open" if not after.isspace() else None), True
        return ("close" if open_doubles else None), True
    # ’ and ': a closing single quote only when one is open and no letter follows; else an apostrophe
    if open_singles and not after.isalnum() and not before.isspace():
        return "close", False
    if mark == "'" and (before in _OPENING_CONTEXT or before in "“\"") and after.isalpha():
        return "open", False
    return None, False


def _close(stack: list, double: bool, end: int, length: int, found: list[Quoted]) -> None:
    for k in range(len(stack) - 1, -1, -1):
        if stack[k][0] == double:
            _, start, open_length = stack[k]
            found.append(Quoted(start, end, start + open_length, end - length, double, True))
            del stack[k:]
            return


def _close_paragraphs(stack: list, position: int, breaks: list[int], text: str, found: list[Quoted]) -> list:
    """End quotations left open in an earlier paragraph: doubles at their paragraph's end, singles dropped."""
    kept = []
    for double, start, length in stack:
        paragraph_end = breaks[bisect_left(breaks, start)]
        if paragraph_end >= position:
            kept.append((double, start, length))
        elif double and paragraph_end - start - length > 1:
            end = len(text[:paragraph_end].rstrip())
            found.append(Quoted(start, end, start + length, end, True, False))
    return kept


def classify(doc: Doc, quoted: Quoted, cues: SpeechCues) -> str:
    """``quotation`` or ``scare_quote`` for an outer quoted stretch.

    Scare quotes are ``so-called "…"``, one to three quoted words (unless a whole utterance with its cue right
    after it: ``"No," he said``), and longer quoted words that are not a sentence and have no speech cue near.
    """
    view, lower = syntax_view(doc), token_view(doc).lower
    opening = view.token_at(quoted.start)
    if "".join(lower[max(opening - 3, 0):opening]).endswith("so-called"):
        return "scare_quote"
    words = quoted.words(doc)
    if words <= MAX_SCARE_WORDS:
        return "quotation" if _utterance(doc, quoted) and _cue_after(view, lower, quoted, cues) else "scare_quote"
    if _cue_near(view, lower, quoted, cues) or _sentence_like(doc, view, quoted):
        return "quotation"
    return "scare_quote"


def _utterance(doc: Doc, quoted: Quoted) -> bool:
    return syntax_view(doc).text[quoted.inner_start:quoted.inner_end].rstrip()[-1:] in (",", ".", "!", "?")


def _cue_after(view: SyntaxView, lower: list[str], quoted: Quoted, cues: SpeechCues) -> bool:
    close = view.token_from(quoted.end)
    window = range(close, min(close + 5, len(lower)))
    return any(view.lemma[i] in cues.direct and view.is_verb(i) for i in window)


def _cue_near(view: SyntaxView, lower: list[str], quoted: Quoted, cues: SpeechCues) -> bool:
    """A speech cue in the sentences the quotation stands in (outside it), or a headline colon beside it."""
    start = view.sentence_of(max(quoted.first - 1, 0))[0]
    end = view.sentence_of(min(quoted.last, len(lower) - 1))[1]
    if end < len(lower) and lower[end][:1].islower():
        end = view.sentence_of(end)[1]
    for i in range(start, end):
        if quoted.first <= i < quoted.last:
            continue
        if (view.lemma[i] in cues.direct and view.is_verb(i)) or cues.phrase_at(lower, i, "direct"):
            return True
    opening, after = view.token_at(quoted.start), view.token_from(quoted.end)
    return (opening > 0 and lower[opening - 1] == ":") or (after < len(lower) and lower[after] == ":")


def _sentence_like(doc: Doc, view: SyntaxView, quoted: Quoted) -> bool:
    """Quoted words that make a clause (a finite verb) or end a sentence, rather than a name or a phrase."""
    if view.text[quoted.inner_start:quoted.inner_end].rstrip()[-1:] in (".", "!", "?"):
        return True
    return any(view.tag[i] in ("VBD", "VBP", "VBZ", "MD") for i in range(quoted.first, quoted.last))
