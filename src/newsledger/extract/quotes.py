"""Quotations and reported speech, each with its speaker resolved to an entity: the ``quotes`` of the contract.

Direct quotes are the words between quote marks that :mod:`.quotemarks` calls a quotation (scare quotes go to
framing); :mod:`.attribution` finds their cue and speaker. Decisions the records show in ``extra["rule"]``:

- a quotation split by its attribution (``"…," he said, "…"``) is two quotes, one per part, so that each span
  is exactly the quoted words; the second part has ``continues`` = the first part's id and the same speaker
  and cue (rule ``split``);
- a quotation with no attribution of its own that opens a sentence in the same or the next paragraph as an
  attributed one continues that speaker's words (rule ``continuation``, no cue);
- one left with nobody named is kept with an empty speaker (rule ``unattributed``).

Reported speech (:mod:`.reported`) becomes quotes of kind ``indirect`` whose span is the reported content.
:meth:`QuoteFinder.reported_speech` gives the event coder every attribution, direct and indirect, in token
terms, so that events inside the content can be marked ``claimed`` and attributed to the speaker.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from ..records import Quote, Speaker
from .attribution import Attribution, attribute
from .cues import SpeechCues
from .entities import EntityIndex
from .lexicons import Lexicons
from .quotemarks import Quoted, classify, quoted_spans
from .reported import RawReport, find_reported
from .speakers import Resolved, SpeakerContext, SpeakerResolver
from .syntax import SyntaxView, syntax_view

_KEY = "newsledger.attributions"
_JOINERS = {",", ":", "—", "–", "-"}


@dataclass(frozen=True, slots=True)
class Report:
    """One attribution in token terms, for the event coder.

    ``content`` is the token range of what was said or thought; ``cue`` the first token of the cue (None for a
    quotation continued from an earlier one or named in a headline); ``quote`` the id of its Quote record.
    """

    kind: str  # direct, indirect
    cue: int | None
    speaker: Speaker
    content: tuple[int, int]
    quote: str
    speaker_span: tuple[int, int] | None = None


@dataclass(slots=True)
class _Item:
    """One attribution on its way to a Quote record."""

    kind: str
    start: int  # character offsets of the quoted or reported words
    end: int
    content: tuple[int, int]
    rule: str
    cue: tuple[int, int] | None
    speaker_span: tuple[int, int] | None
    follows: _Item | None = None  # the earlier part or paragraph whose speaker this one shares
    attribution_end: int = 0  # one past the attribution's last token (a split quotation goes on after it)
    resolved: Resolved | None = None
    id: str = ""


@dataclass(slots=True)
class _Result:
    quotes: list[Quote] = field(default_factory=list)
    reports: list[Report] = field(default_factory=list)


class QuoteFinder:
    """Built once per pipeline: speech cues and pronouns from the data files, role nouns from the lexicons."""

    def __init__(self, lexicons: Lexicons, extra_dirs: Sequence[str | Path] = ()) -> None:
        self.cues = SpeechCues.load(extra_dirs)
        self.speakers = SpeakerResolver(lexicons, extra_dirs)

    def find(self, doc: Doc, entities: EntityIndex) -> list[Quote]:
        """Direct and indirect quotes in text order, ids ``q1``, ``q2``, …"""
        return self._result(doc, entities).quotes

    def reported_speech(self, doc: Doc, entities: EntityIndex) -> list[Report]:
        """Every attribution (direct and indirect) with its cue token, speaker and content token range."""
        return self._result(doc, entities).reports

    def _result(self, doc: Doc, entities: EntityIndex) -> _Result:
        cached = doc.user_data.get(_KEY)
        if cached is not None and cached[0] is self and cached[1] is entities:
            return cached[2]
        result = self._analyse(doc, entities)
        doc.user_data[_KEY] = (self, entities, result)
        return result

    def _analyse(self, doc: Doc, entities: EntityIndex) -> _Result:
        view = syntax_view(doc)
        outer = [q for q in quoted_spans(doc) if q.depth == 0]
        quotations = [q for q in outer if classify(doc, q, self.cues) == "quotation"]
        ranges = [(q.first, q.last) for q in quotations]
        reported = [self._indirect(doc, view, raw) for raw in find_reported(doc, self.cues, ranges)]
        direct = self._direct(doc, view, quotations, {view.token_at(q.start) for q in outer}, reported)
        used = {item.cue[0] for item in direct if item.cue is not None}
        reported = [item for item in reported if item.cue[0] not in used and not _within_direct(item, direct)]
        items = sorted(direct + reported, key=lambda item: (item.start, item.end))
        self._resolve(SpeakerContext(doc, entities, ranges), items)
        for number, item in enumerate(items, start=1):
            item.id = f"q{number}"
        return _Result([_quote(doc, item) for item in items], [_report(item) for item in items])

    # -- direct quotes ---------------------------------------------------------------------------------------

    def _direct(self, doc: Doc, view: SyntaxView, quotations: list[Quoted], openings: set[int],
                reported: list[_Item]) -> list[_Item]:
        items: list[_Item] = []
        floor = 0
        for quoted in quotations:
            previous = items[-1] if items else None
            first = _split_from(doc, view, quoted, previous)
            if first is not None:
                item = _direct_item(doc, quoted, Attribution("split", first.cue), first)
            elif (attribution := attribute(doc, quoted, self.cues, floor, openings)) is not None:
                item = _direct_item(doc, quoted, attribution)
            else:
                used = {i.cue[0] for i in items if i.cue is not None}
                earlier = _continued_from(view, quoted, previous, [r for r in reported if r.cue[0] not in used])
                item = _direct_item(doc, quoted, Attribution("continuation" if earlier else "unattributed"), earlier)
            items.append(item)
            floor = view.token_from(quoted.end)
        return items

    def _indirect(self, doc: Doc, view: SyntaxView, raw: RawReport) -> _Item:
        start, end = raw.content
        return _Item("indirect", view.idx[start], view.idx[end - 1] + len(doc[end - 1].text), raw.content,
                     raw.rule, raw.cue, raw.speaker)

    # -- speakers --------------------------------------------------------------------------------------------

    def _resolve(self, ctx: SpeakerContext, items: list[_Item]) -> None:
        """Speakers in text order, so that a pronoun can go back to an earlier speaker."""
        order = sorted(items, key=lambda item: item.speaker_span[0] if item.speaker_span else item.content[0])
        for item in order:
            if item.follows is not None:
                continue
            if item.speaker_span is not None:
                item.resolved = self.speakers.resolve(ctx, *item.speaker_span)
        for item in items:
            source = item
            while source.follows is not None:
                source = source.follows
            if source is not item:
                item.resolved, item.speaker_span = source.resolved, source.speaker_span


def _direct_item(doc: Doc, quoted: Quoted, attribution: Attribution, follows: _Item | None = None) -> _Item:
    """The quoted words without surrounding spaces or the comma that hands over to the attribution."""
    text = syntax_view(doc).text
    start, end = quoted.inner_start, quoted.inner_end
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return _Item("direct", start, end, (quoted.first, quoted.last), attribution.rule, attribution.cue,
                 attribution.speaker, follows, attribution.end)


def _split_from(doc: Doc, view: SyntaxView, quoted: Quoted, previous: _Item | None) -> _Item | None:
    """The first part of a quotation split by its attribution (``"…," he said, "…"``), if this is the second."""
    if previous is None or previous.rule not in ("after", "according_to") or not previous.attribution_end:
        return None
    gap = range(previous.attribution_end, view.token_at(quoted.start))
    words = doc[gap.start:gap.stop].text.split() if gap else []
    return previous if len(gap) <= 2 and all(w in _JOINERS for w in words) else None


def _continued_from(view: SyntaxView, quoted: Quoted, previous: _Item | None, reported: list[_Item]
                    ) -> _Item | None:
    """The latest attribution (a quotation or reported speech, in this paragraph or the one before) that an
    unattributed quotation opening a sentence goes on from."""
    opening = view.token_at(quoted.start)
    if view.sentence_of(opening)[0] != opening and view.sentence_of(quoted.first)[0] < opening:
        return None
    candidates = [item for item in reported if item.speaker_span is not None and _position(item) < opening]
    if previous is not None and previous.rule != "unattributed":
        candidates.append(previous)
    if not candidates:
        return None
    latest = max(candidates, key=_position)
    return latest if view.paragraph[opening] - view.paragraph[_position(latest)] <= 1 else None


def _position(item: _Item) -> int:
    """The last token of an attribution: its content or its cue, whichever comes later."""
    return max(item.content[1] - 1, item.cue[0] if item.cue else 0)


def _within_direct(item: _Item, direct: list[_Item]) -> bool:
    return any(d.start <= item.start and item.end <= d.end for d in direct)


def _quote(doc: Doc, item: _Item) -> Quote:
    resolved = item.resolved
    speaker = resolved.speaker if resolved else Speaker()
    cue = doc[item.cue[0]:item.cue[1]] if item.cue else None
    span = doc[item.speaker_span[0]:item.speaker_span[1]] if item.speaker_span else None
    extra = {"rule": item.rule,
             "cue_start": cue.start_char if cue is not None else None,
             "cue_end": cue.end_char if cue is not None else None,
             "speaker_start": span.start_char if span is not None else None,
             "speaker_end": span.end_char if span is not None else None,
             "speaker_kind": resolved.kind if resolved else None,
             "speaker_affiliation": resolved.affiliation if resolved else None,
             "continues": item.follows.id if item.follows is not None else None}
    return Quote(id=item.id, kind=item.kind, text=syntax_view(doc).text[item.start:item.end], start=item.start,
                 end=item.end, speaker=Speaker(speaker.entity, speaker.text, speaker.name),
                 cue=cue.text if cue is not None else None, extra=extra)


def _report(item: _Item) -> Report:
    speaker = item.resolved.speaker if item.resolved else Speaker()
    return Report(item.kind, item.cue[0] if item.cue else None, speaker, item.content, item.id, item.speaker_span)
