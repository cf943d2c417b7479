"""Text repair: the one normalisation every article body goes through; later offsets index its output."""

from __future__ import annotations

import bisect
import re
import unicodedata

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"  # zero-width characters, BOM, soft hyphen
_UNICODE_SPACES = "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_CONTROLS = [c for c in range(0x20) if chr(c) not in "\t\n\r\v\f"] + [0x7f] + list(range(0x80, 0xa0))

_CHAR_MAP: dict[int, str | None] = {
    **dict.fromkeys(map(ord, _INVISIBLE)),
    **dict.fromkeys(_CONTROLS),
    **dict.fromkeys(map(ord, _UNICODE_SPACES), " "),
    ord("\v"): "\n", ord("\f"): "\n", ord("\u2028"): "\n", ord("\u2029"): "\n\n",
}

_ODD_CHARACTERS = re.compile("[" + "".join(f"\\u{code:04x}" for code in _CHAR_MAP) + "]")
_SPACE_RUN = re.compile(r"  +")
_BLANK_LINES = re.compile(r"\n\n\n+")

# URLs and e-mail addresses are found first: their dots are never sentence ends.
_URL = re.compile(r"(?:https?://|ftp://|www\.)[^\s<>\"“”]+", re.IGNORECASE)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Sentence-final punctuation (with closing quotes or brackets) glued to the next word; fix() decides.
_GLUED = re.compile(r"[.?!…]+[”’\"')\]]*(?=[“‘\"(]?\w)")
_OPENERS = "“‘\"("
_BEFORE_END = ")]%”’\"'_"


def repair_text(text: str) -> str:
    """Return ``text`` normalised: NFC, ``\\n`` newlines, no invisible characters, single spaces, at most one
    blank line in a row, glued sentences separated, no surrounding whitespace."""
    text = unicodedata.normalize("NFC", _replace_odd_characters(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _SPACE_RUN.sub(" ", text).replace(" \n", "\n").replace("\n ", "\n")
    text = _BLANK_LINES.sub("\n\n", text)
    return restore_sentence_spaces(text).strip()


def clean_line(value: str | None) -> str | None:
    """A title or outlet on one line with single spaces; ``None`` when nothing is left."""
    if value is None:
        return None
    value = unicodedata.normalize("NFC", _replace_odd_characters(value))
    return " ".join(value.split()) or None


def restore_sentence_spaces(text: str) -> str:
    """``commander.At`` → ``commander. At``, but not in ``U.S.``, ``3.5``, URLs, e-mails or ``file.txt``."""
    protected = _protected_bounds(text)

    def fix(match: re.Match[str]) -> str:
        start, end = match.span()
        glued = (start > 0 and (text[start - 1].isalnum() or text[start - 1] in _BEFORE_END)
                 and bisect.bisect_right(protected, start) % 2 == 0
                 and not _after_initial(text, start) and _starts_sentence(text, end))
        return match.group() + " " if glued else match.group()

    return _GLUED.sub(fix, text)


def _protected_bounds(text: str) -> list[int]:
    """Start and end of each URL or e-mail address, overlaps merged: [start1, end1, start2, end2, ...]."""
    spans = []
    if "://" in text or "www." in text.lower():
        spans += [match.span() for match in _URL.finditer(text)]
    if "@" in text:
        spans += [match.span() for match in _EMAIL.finditer(text)]
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [bound for span in merged for bound in span]


def _replace_odd_characters(text: str) -> str:
    return _ODD_CHARACTERS.sub(lambda match: _CHAR_MAP[ord(match.group())] or "", text)


def _after_initial(text: str, position: int) -> bool:
    """True when the punctuation at ``position`` follows a lone capital letter, as in ``U.S.`` or ``J.K.``."""
    letter = text[position - 1]
    before = text[position - 2] if position >= 2 else ""
    return letter.isupper() and not before.isalnum()


def _starts_sentence(text: str, position: int) -> bool:
    if text[position] in _OPENERS:
        position += 1
    return position < len(text) and text[position].isupper()
