"""The CAMEO ontology (codes, names, Goldstein scores, quad classes, PLOVER categories) and the table that turns
an embedded action into the code of the intent, threat, refusal, request or demand that governs it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..datafiles import Row, load_rows

COMPLEMENT_CLASSES = ("intent", "threat", "refusal", "request", "demand")


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    name: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_mode: str | None

    @property
    def root(self) -> str:
        return self.code[:2]


@dataclass(slots=True)
class Ontology:
    codes: dict[str, Code] = field(default_factory=dict)
    complements: dict[str, dict[str, str]] = field(default_factory=dict)  # prefix -> class -> code
    reciprocal: set[str] = field(default_factory=set)  # codes of mutual acts ("met", "signed an agreement with")
    modality_cues: dict[str, dict[str, str]] = field(default_factory=dict)  # kind -> cue -> modality

    @classmethod
    def load(cls, extra_dirs: Sequence[str | Path] = ()) -> Ontology:
        ontology = cls()
        header = ("code", "name", "goldstein", "quad_class", "plover", "plover_mode", "plover_context")
        for row in load_rows("cameo.tsv", header, extra_dirs):
            ontology._add_code(row)
        header = ("prefix", *COMPLEMENT_CLASSES)
        for row in load_rows("complement_codes.tsv", header, extra_dirs):
            for kind in COMPLEMENT_CLASSES:
                ontology.check(row, row[kind])
            ontology.complements.setdefault(row["prefix"], {k: row[k] for k in COMPLEMENT_CLASSES})
        for row in load_rows("reciprocal_codes.tsv", ("code", "note"), extra_dirs):
            ontology.check(row, row["code"])
            ontology.reciprocal.add(row["code"])
        for row in load_rows("modality_cues.tsv", ("cue", "kind", "modality"), extra_dirs):
            if row["kind"] not in ("aux", "mark", "governor"):
                raise row.error(f"kind {row['kind']!r}", fix="write aux, mark or governor")
            if row["modality"] not in ("future", "scheduled", "hypothetical", "reported-future"):
                raise row.error(f"modality {row['modality']!r}",
                                fix="write future, scheduled, hypothetical or reported-future")
            ontology.modality_cues.setdefault(row["kind"], {}).setdefault(row["cue"].lower(), row["modality"])
        return ontology

    def _add_code(self, row: Row) -> None:
        code = row["code"]
        if not re.fullmatch(r"\d{2,4}", code):
            raise row.error(f"bad CAMEO code {code!r}", fix="write two to four digits, e.g. 0841")
        try:
            goldstein = float(row["goldstein"])
            quad = int(row["quad_class"])
        except ValueError:
            raise row.error("goldstein and quad_class must be numbers", fix="e.g. -10 and 4") from None
        if not -10 <= goldstein <= 10 or quad not in (1, 2, 3, 4):
            raise row.error("goldstein must lie in -10..10 and quad_class in 1..4", fix="correct the values")
        self.codes.setdefault(code, Code(code, row["name"], goldstein, quad, row["plover"] or None,
                                         row["plover_mode"] or None))

    def check(self, row: Row, code: str, column: str = "code") -> None:
        """Raise the row's error when ``code`` is not a CAMEO code of this ontology."""
        if code not in self.codes:
            raise row.error(f"unknown CAMEO code {code!r} in column {column!r}",
                            fix="use a code listed in cameo.tsv")

    def __getitem__(self, code: str) -> Code:
        return self.codes[code]

    def complement(self, kind: str, embedded: str) -> str:
        """The code a verb of ``kind`` gives an embedded action: the longest matching prefix's entry."""
        for size in (4, 3, 2):
            entry = self.complements.get(embedded[:size])
            if entry is not None and len(embedded) >= size:
                return entry[kind]
        return self.complements["01"][kind]
