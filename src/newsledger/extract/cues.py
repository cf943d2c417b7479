"""Speech, writing and cognition cues (``speech_cues.tsv``): the words that attribute content to a speaker."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import Row, load_rows

KINDS = {"speech", "writing", "cognition", "source"}
FRAMES = {"direct", "reported", "infinitive"}


@dataclass(slots=True)
class SpeechCues:
    """Cue lemmas by the constructions they may head; multi-word cues (``according to``) as word tuples."""

    direct: set[str] = field(default_factory=set)
    reported: set[str] = field(default_factory=set)
    infinitive: set[str] = field(default_factory=set)
    kinds: dict[str, str] = field(default_factory=dict)
    phrases: dict[tuple[str, ...], set[str]] = field(default_factory=dict)  # words -> frames
    any_frame: set[str] = field(default_factory=set)  # every single-word cue

    @classmethod
    def load(cls, extra_dirs: Sequence[str | Path] = ()) -> SpeechCues:
        cues = cls()
        for row in load_rows("speech_cues.tsv", ("cue", "kind", "frames"), extra_dirs, check=_check):
            cue = row["cue"].lower()
            if cue in cues.kinds or tuple(cue.split()) in cues.phrases:
                continue  # the user's row came first and wins
            frames = set(row.values("frames"))
            if " " in cue:
                cues.phrases[tuple(cue.split())] = frames
                continue
            cues.kinds[cue] = row["kind"]
            for frame in frames:
                getattr(cues, frame).add(cue)
        cues.any_frame = cues.direct | cues.reported | cues.infinitive
        return cues

    def phrase_at(self, lower: Sequence[str], i: int, frame: str) -> int | None:
        """The end of a multi-word cue starting at token ``i`` that may head ``frame``, if any."""
        for words, frames in self.phrases.items():
            if frame in frames and tuple(lower[i:i + len(words)]) == words:
                return i + len(words)
        return None


def _check(row: Row) -> None:
    if not row["cue"] or row["cue"] != row["cue"].lower():
        raise row.error(f"bad cue {row['cue']!r}", fix="write the cue as a lower-case lemma, e.g. say")
    if row["kind"] not in KINDS:
        raise row.error(f"unknown kind {row['kind']!r}", fix="use one of " + ", ".join(sorted(KINDS)))
    frames = set(row.values("frames"))
    if not frames or frames - FRAMES:
        raise row.error(f"bad frames {row['frames']!r}",
                        fix="list one or more of direct, reported, infinitive separated by |")
