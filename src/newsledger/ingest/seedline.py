"""The grammar of a seed line, ``date YYYY-MM-DD Outlet - body``, the line that starts each seed-format article."""

from __future__ import annotations

import re

# Loose on purpose: a line shaped like a seed line starts an article even when its header is broken,
# so the broken article is rejected on its own and the next ones are still read.
SEED_START = re.compile(r"[^\S\r\n]*date[^\S\r\n]+\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:\s|$)")
SEED_HEADER = re.compile(r"[^\S\r\n]*date[^\S\r\n]+(?P<date>\d{4}-\d{2}-\d{2})[^\S\r\n]+(?P<outlet>\S.*?)"
                         r"[^\S\r\n]+[-–—](?:[^\S\r\n]+(?P<body>.*))?")


def is_seed_line(line: str) -> bool:
    return SEED_START.match(line) is not None
