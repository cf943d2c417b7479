"""Giving freed memory back to the system.

glibc's allocator keeps the memory Python and the libraries under it free, for reuse, in arenas it seldom hands
back; a process that parses a stream of articles therefore grows with the peaks of its past batches rather than
staying at the size of the current one. Measured between chunks of 16 articles, a parsing process went from 440 to
577 MB over 1,600 articles; trimmed after each chunk, from 403 to 438 MB, at the same speed. (While a chunk is
parsed it holds about 100 MB more either way.)
"""

from __future__ import annotations

import ctypes
import functools
import sys


@functools.cache
def _trim():
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):  # not glibc (musl, for one): nothing to trim
        return None


def give_back() -> None:
    """Return the allocator's free memory to the system (``malloc_trim``); a no-op where there is none."""
    trim = _trim()
    if trim is not None:
        trim(0)
