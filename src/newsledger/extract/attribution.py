"""Where a direct quotation's attribution is: the cue and the speaker's words around the quote marks.

Tried in this order (the first that fits wins):

- ``after``: a cue follows the closing mark, with the speaker before it (``"…," he said``), after it (``"…,"
  said the minister``) or before the quotation (``The envoy, holding a sign reading "…", shouted``); a cue with a
  complement clause of its own after it (``"…." He added that …``) reports something else and does not count;
  ``according_to``: ``"…," according to a US official``;
- ``before``: a cue earlier in the sentence, near the opening mark (``The minister said: "…"``, ``…, adding,
  "…"``) or with the quotation inside its clause (``The mayor said the bridge "will be rebuilt by May."``); a
  participle takes its head verb's subject;
- ``intro``: the sentence just before ends with a cue of its own (``Her friend chimed in. "…"``);
- ``colon``: a clause with a subject ends in a colon (``The minister hit back on television: "…"``): its verb is the
  cue;
- ``headline``: a name and a colon beside the quotation with no verb (``Araghchi: "…"``, ``"…": WHO``).

The quote finder handles what is left: the second part of a quotation split by its attribution, a paragraph
continuing the previous speaker's words, and quotations nobody is named for.
"""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

from spacy.tokens import Doc

from .clauses import noun_phrase_after, phrase_span, subject_of
from .cues import SpeechCues
from .mentions import token_view
from .quotemarks import Quoted
from .syntax import SyntaxView, syntax_view

_SENTENCE_END = {".", "!", "?", ";"}
_BETWEEN_OK = {"PUNCT", "ADV", "AUX", "PART", "SPACE"}
_SKIP_BEFORE_OPEN = {",", ":", "—", "–", "-", "that"}
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_MODIFIER_CLAUSES = {"relcl", "acl", "appos", "amod", "advcl"}
AFTER_WINDOW = 20
BEFORE_WINDOW = 30
NEAR_OPEN = 8
HEADLINE_WORDS = 8


@dataclass(slots=True)
class Attribution:
    rule: str  # after, according_to, before, intro, colon, headline, split, continuation, unattributed
    cue: tuple[int, int] | None = None  # token range of the cue
    speaker: tuple[int, int] | None = None  # token range of the speaker as written
    end: int = 0  # one past the last token of the attribution (split quotations continue right after it)


def attribute(doc: Doc, quoted: Quoted, cues: SpeechCues, floor: int, openings: set[int]) -> Attribution | None:
    """The attribution of an outer quotation.

    ``floor`` is the first token after the previous quotation; ``openings`` the tokens that open quotations.
    """
    return (_after(doc, quoted, cues, openings) or _before(doc, quoted, cues, floor) or
            _intro(doc, quoted, cues, floor) or _colon(doc, quoted, floor) or _headline(doc, quoted))


# -- after the quotation -------------------------------------------------------------------------------------

def _after(doc: Doc, quoted: Quoted, cues: SpeechCues, openings: set[int]) -> Attribution | None:
    view, lower = syntax_view(doc), token_view(doc).lower
    first = view.token_from(quoted.end)
    while first < len(lower) and (lower[first] in (",", "—", "–", "-") or _blank(lower[first])):
        first += 1
    for k in range(first, min(len(lower), first + AFTER_WINDOW)):
        if lower[k] in _SENTENCE_END or "\n" in lower[k] or k in openings:
            return None
        phrase_end = cues.phrase_at(lower, k, "direct")
        if phrase_end is not None:
            speaker = noun_phrase_after(doc, phrase_end, min(len(lower), phrase_end + AFTER_WINDOW))
            return Attribution("according_to", (k, phrase_end), speaker, speaker[1] if speaker else phrase_end)
        if view.lemma[k] in cues.direct and view.is_verb(k):
            if _has_own_complement(doc, k, openings):
                return None
            speaker = _speaker_around(doc, view, k, first, view.token_at(quoted.start))
            if speaker is False:
                return None
            return Attribution("after", (k, k + 1), speaker or None, max(k + 1, speaker[1] if speaker else 0))
        if view.tag[k] in _FINITE and view.dep[k] not in _MODIFIER_CLAUSES:
            return None
    return None


def _blank(word: str) -> bool:
    """A space token within a line (``\xa0``); line breaks end an attribution."""
    return not word.strip() and "\n" not in word


def _has_own_complement(doc: Doc, cue: int, openings: Set[int] = frozenset()) -> bool:
    """``He added that talks would go on``: the cue reports a clause after it, not the quotation before (a
    quotation after it, ``"…," he said, "…"``, is the same quotation going on)."""
    return any(c.dep_ in ("ccomp", "xcomp") and cue < c.left_edge.i <= cue + 4 and not c.left_edge.is_punct
               and c.left_edge.i - 1 not in openings for c in doc[cue].children)


def _speaker_around(doc: Doc, view: SyntaxView, cue: int, first: int, opening: int
                    ) -> tuple[int, int] | None | bool:
    """The speaker of a cue after a quotation: before it (``he said``), after it (``said the minister``), or
    before the quotation (the quotation inside the subject's clause).

    False when the words between the quotation and the cue are not the cue's subject (another clause).
    """
    subject = subject_of(doc, cue, depth=0)
    pos = token_view(doc).pos
    between = [i for i in range(first, cue) if pos[i] not in _BETWEEN_OK]
    if subject is not None and subject > cue:  # '"…," said the minister'
        return False if between else phrase_span(doc, subject, floor=cue + 1)
    if subject is not None and subject >= first:  # '"…," the minister said'; '"…" with cable firms, he said'
        span = phrase_span(doc, subject, floor=first, ceiling=cue)
        others = [i for i in between if not _modifies(view, i, *span)]
        return False if any(view.tag[i] in _FINITE for i in others) else span
    if subject is not None:  # 'The envoy, holding a sign reading "…," shouted'
        return False if between else phrase_span(doc, subject, ceiling=opening)
    if any(view.tag[i] in _FINITE for i in between):
        return False
    if between:
        return between[0], between[-1] + 1
    return noun_phrase_after(doc, cue + 1, min(len(pos), cue + 1 + AFTER_WINDOW))


def _modifies(view: SyntaxView, i: int, start: int, end: int) -> bool:
    """Whether a token hangs from a phrase (an apposition or a clause about the speaker)."""
    for _ in range(6):
        if start <= i < end:
            return True
        if view.head[i] == i:
            return False
        i = view.head[i]
    return False


# -- before the quotation ------------------------------------------------------------------------------------

def _before(doc: Doc, quoted: Quoted, cues: SpeechCues, floor: int) -> Attribution | None:
    view, lower = syntax_view(doc), token_view(doc).lower
    opening = view.token_at(quoted.start)
    k = opening - 1
    while k > 0 and (_blank(lower[k]) or "\n" in lower[k] and lower[k - 1] == ":"):  # 'said:\n\n"…"'
        k -= 1
    introduced = k >= 0 and lower[k] in (":", ",")
    sentence_start = max(view.sentence_of(k if introduced else opening)[0], floor)
    while k >= sentence_start and lower[k] in _SKIP_BEFORE_OPEN:
        k -= 1
    for cue in range(k, max(sentence_start, opening - BEFORE_WINDOW) - 1, -1):
        near = opening - cue <= NEAR_OPEN or introduced
        if lower[cue] == "according" and cue + 1 < len(lower) and lower[cue + 1] == "to" and near:
            speaker = noun_phrase_after(doc, cue + 2, opening)
            return Attribution("according_to", (cue, cue + 2), speaker, opening)
        if view.lemma[cue] in cues.any_frame and view.is_verb(cue) and (
                near or doc[cue].right_edge.i >= quoted.first):
            return Attribution("before", (cue, cue + 1), _subject_span(doc, cue, opening), opening)
    return None


def _intro(doc: Doc, quoted: Quoted, cues: SpeechCues, floor: int) -> Attribution | None:
    """``Her friend chimed in. "…"``: the sentence before is an attribution of its own."""
    view = syntax_view(doc)
    opening = view.token_at(quoted.start)
    if view.sentence_of(opening)[0] != opening or opening == 0:
        return None
    start, end = view.sentence_of(opening - 1)
    if start < floor or view.paragraph[opening] - view.paragraph[start] > 1:
        return None
    roots = [i for i in range(start, end) if view.head[i] == i]
    if len(roots) != 1 or view.lemma[roots[0]] not in cues.direct or _has_own_complement(doc, roots[0]):
        return None
    if any(c.dep_ == "dobj" for c in doc[roots[0]].children):
        return None
    return Attribution("intro", (roots[0], roots[0] + 1), _subject_span(doc, roots[0], opening), opening)


def _colon(doc: Doc, quoted: Quoted, floor: int) -> Attribution | None:
    """``The minister hit back on television: "…"``: the subject of the clause before the colon."""
    view, lower = syntax_view(doc), token_view(doc).lower
    opening = view.token_at(quoted.start)
    if opening < 2 or lower[opening - 1] != ":":
        return None
    start = max(view.sentence_of(opening - 1)[0], floor)
    roots = [i for i in range(start, opening - 1) if view.is_verb(i) and view.dep[i] in ("ROOT", "ccomp")]
    for verb in roots:
        subject = _subject_span(doc, verb, opening)
        if subject is not None:
            return Attribution("colon", (verb, verb + 1), subject, opening)
    return None


def _subject_span(doc: Doc, cue: int, ceiling: int) -> tuple[int, int] | None:
    subject = subject_of(doc, cue)
    return phrase_span(doc, subject, ceiling=ceiling) if subject is not None else None


# -- headlines -----------------------------------------------------------------------------------------------

def _headline(doc: Doc, quoted: Quoted) -> Attribution | None:
    """``Name: "…"`` or ``"…": Name`` standing alone on its line (headlines, standfirsts, captions)."""
    view, words = syntax_view(doc), token_view(doc)
    opening, after = view.token_at(quoted.start), view.token_from(quoted.end)
    if after < len(words.lower) and words.lower[after] == ":":
        end = after + 1
        while end < len(words.lower) and view.paragraph[end] == view.paragraph[after] and \
                words.lower[end] not in _SENTENCE_END:
            end += 1
        if _is_name(view, words.pos, after + 1, end):
            return Attribution("headline", None, (after + 1, end), end)
    if opening > 0 and words.lower[opening - 1] == ":":
        start = opening - 1
        while start > 0 and view.paragraph[start - 1] == view.paragraph[opening] and \
                words.lower[start - 1] not in _SENTENCE_END:
            start -= 1
        if _is_name(view, words.pos, start, opening - 1):
            return Attribution("headline", None, (start, opening - 1), opening)
    return None


def _is_name(view: SyntaxView, pos: list[str], start: int, end: int) -> bool:
    return 0 < end - start <= HEADLINE_WORDS and "PROPN" in pos[start:end] and not any(
        view.is_verb(i) for i in range(start, end))
