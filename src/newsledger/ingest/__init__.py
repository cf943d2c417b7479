"""The input side: files, directories, globs and stdin in; repaired ``Article`` records (or ``Reject`` records
saying why and how to fix) out, streaming.

Formats: seed-line text, JSONL, JSON, CSV, TSV, plain text, HTML, and the ``.gz`` of each.
"""

from __future__ import annotations

from .dates import parse_date
from .formats import FORMATS
from .ids import content_id
from .options import ReadOptions
from .paths import expand_paths
from .reader import Position, read_articles, read_positioned
from .rejects import RejectsFile
from .repair import repair_text

__all__ = ["FORMATS", "Position", "ReadOptions", "RejectsFile", "content_id", "expand_paths", "parse_date",
           "read_articles", "read_positioned", "repair_text"]
