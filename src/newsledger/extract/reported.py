"""Reported speech: a speech or cognition cue with a clausal complement, found in the dependency parse.

- ``the Leader said General Soleimani had made …``, ``Iran denied that …``, ``officials told reporters …``:
  the cue's ``ccomp`` is the content (without ``that``);
- ``Iran vowed to retaliate``: an ``xcomp`` of a cue whose frames include ``infinitive``;
- ``The strike, officials said, killed three``: a parenthetical cue (``parataxis``) reports its head clause;
- ``…, according to a US official``: the clause the phrase hangs from, without the phrase.

Cues inside quotation marks (the quoted speaker's own reports) and complements that are themselves quotations
(``"…," he said``: a direct quote) are left out.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from .clauses import clause_span, noun_phrase_after, phrase_span, subject_of, trim
from .cues import SpeechCues
from .mentions import token_view
from .syntax import syntax_view

MIN_CONTENT_TOKENS = 2


@dataclass(slots=True)
class RawReport:
    cue: tuple[int, int]
    speaker: tuple[int, int] | None
    content: tuple[int, int]
    rule: str  # complement, infinitive, parenthetical, according_to


def find_reported(doc: Doc, cues: SpeechCues, quoted: list[tuple[int, int]]) -> list[RawReport]:
    """Reports in text order; ``quoted`` are the token ranges inside quotation marks."""
    view, lower = syntax_view(doc), token_view(doc).lower
    inside = {i for start, end in quoted for i in range(start, end)}
    reports = []
    candidates = [i for i, lemma in enumerate(view.lemma) if lemma in cues.any_frame or lemma == "accord"]
    for i in candidates:
        if i in inside:
            continue
        if lower[i] == "according" and i + 1 < len(lower) and lower[i + 1] == "to":
            report = _according_to(doc, i)
        elif view.is_verb(i):
            report = _complement(doc, i, cues)
        else:
            report = None
        if report is not None and _mostly_quoted(report.content, inside):
            continue
        if report is not None and report.content[1] - report.content[0] >= MIN_CONTENT_TOKENS:
            reports.append(report)
    return reports


def _complement(doc: Doc, cue: int, cues: SpeechCues) -> RawReport | None:
    view = syntax_view(doc)
    lemma = view.lemma[cue]
    token = doc[cue]
    rule, content = None, None
    for child in token.children:
        if child.dep_ == "ccomp" and lemma in cues.reported:
            rule, content = "complement", clause_span(doc, child.i)
            break
        if child.dep_ == "xcomp" and lemma in cues.infinitive and any(
                c.lower_ == "to" for c in child.children):
            rule, content = "infinitive", clause_span(doc, child.i)
            break
    if content is None and view.dep[cue] == "parataxis" and lemma in cues.reported:
        rule, content = "parenthetical", clause_span(doc, view.head[cue])
    if content is None or (content[0] <= cue < content[1] and rule != "parenthetical"):
        return None
    return RawReport((cue, cue + 1), _speaker(doc, cue), content, rule)


def _speaker(doc: Doc, cue: int) -> tuple[int, int] | None:
    subject = subject_of(doc, cue)
    if subject is None:
        return None
    words = token_view(doc).lower
    if words[subject] in ("it", "there") and syntax_view(doc).dep[subject] == "nsubjpass":
        return None  # "it was reported that": no one is named
    return phrase_span(doc, subject)


def _according_to(doc: Doc, cue: int) -> RawReport | None:
    view = syntax_view(doc)
    head = view.head[cue]
    if head == cue:
        return None
    speaker = noun_phrase_after(doc, cue + 2, min(len(view.idx), cue + 12))
    phrase_start, phrase_end = doc[cue].left_edge.i, doc[cue].right_edge.i + 1
    clause_start, clause_end = clause_span(doc, head)
    if phrase_start <= clause_start:
        content = trim(doc, phrase_end, clause_end)
    else:
        content = trim(doc, clause_start, phrase_start)
    return RawReport((cue, cue + 2), speaker, content, "according_to")


def _mostly_quoted(content: tuple[int, int], inside: set[int]) -> bool:
    start, end = content
    return end > start and sum(1 for i in range(start, end) if i in inside) * 2 > end - start
