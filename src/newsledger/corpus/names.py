"""Names compared across articles: one matching form per name, a skeleton that transliterations share, and the
tests that decide whether two written names can be the same person or organisation.

``Qassem Soleimani``, ``Qasem Soleimani`` and ``Qassim Suleimani`` differ in letters but not in sound: their
skeletons are equal (``ksm slmn``), so they are compared, and fuzzy similarity (rapidfuzz) decides. ``Salman``
shares the skeleton of ``Soleimani`` but not its letters, so it is compared and rejected. The spelling classes
and the name particles are data (``name_sounds.tsv``, ``name_parts.tsv``); titles come from ``titles.tsv``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.fuzz import ratio

from ..datafiles import load_rows
from ..extract.lexicons import name_key

PART_KINDS = ("article", "prefix", "connector", "suffix", "honorific")
VOWEL = "a"  # the vowel sound of name_sounds.tsv

#: How similar (rapidfuzz ratio, 0-100) two spellings must be once their skeletons are equal.
SAME_WORD = 80           # a given name (Qassem / Qassim)
SAME_WORD_BY_SOUND = 60  # a given name whose skeleton is equal (Ghasem / Qassem)
SAME_SURNAME = 70        # a surname, skeletons equal (Gaddafi / Kadhafi)
SAME_NAME_WORD = 75      # each word of another name, skeletons equal (Kataib Hezbollah / Kata'ib Hizballah)
MIN_FUZZY_LENGTH = 5     # shorter names (acronyms, Mali / Malawi) must be equal

_FOLDED = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ß": "ss", "æ": "ae", "œ": "oe",
                         "ı": "i"})
_APOSTROPHES = re.compile(r"['’‘`´ʼʻʿʾ]")
_POSSESSIVE = re.compile(r"['’]s$")
_NOT_NAME = re.compile(r"[^a-z0-9\- ]+")


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name as compared across articles: folded to ASCII lower case, without titles, articles or dots."""

    text: str                   # "abu mahdi muhandis"
    tokens: tuple[str, ...]
    skeleton: str               # the tokens' skeletons, space-separated
    surname: str | None = None  # people only: the last token that is neither a connector nor a suffix
    given: tuple[str, ...] = ()  # people only: the tokens before the surname, connectors left out

    @property
    def short(self) -> bool:
        """One word (``Soleimani``, ``PMU``), or a surname with initials only (``J. Smith``): a form that can
        stand for several full names, so it is attached to one rather than merged with all."""
        return len(self.tokens) == 1 or (self.surname is not None and bool(self.given)
                                         and all(len(g) == 1 for g in self.given))

    @property
    def head(self) -> str:
        """The word a short form stands for: the surname of ``J. Smith``, the word itself otherwise."""
        return self.surname if self.surname is not None and len(self.tokens) > 1 else self.tokens[-1]


class NameRules:
    """Name particles, spelling classes and titles, loaded once per corpus update (never at import time)."""

    def __init__(self, parts: dict[str, str], sounds: dict[str, str], titles: set[tuple[str, ...]]) -> None:
        self.parts = parts
        self.sounds = sorted(sounds.items(), key=lambda item: -len(item[0]))
        self.titles = titles
        self.max_title = max((len(t) for t in titles), default=0)
        self._forms: dict[tuple[str, bool], NameForm] = {}
        self._skeletons: dict[str, str] = {}

    @classmethod
    def load(cls, extra_dirs: Sequence[str | Path] = ()) -> NameRules:
        parts: dict[str, str] = {}
        for row in load_rows("name_parts.tsv", ("part", "kind"), extra_dirs):
            if row["kind"] not in PART_KINDS:
                raise row.error(f"unknown kind {row['kind']!r}", fix="use one of " + ", ".join(PART_KINDS))
            parts.setdefault(row["part"].lower(), row["kind"])
        sounds: dict[str, str] = {}
        for row in load_rows("name_sounds.tsv", ("spelling", "sound"), extra_dirs):
            if not re.fullmatch(r"[a-z]+", row["spelling"]) or not re.fullmatch(r"[a-z]*", row["sound"]):
                raise row.error("spellings and sounds are lower-case ASCII letters",
                                fix="write the spelling as folded letters, e.g. 'gh', and the sound as 'k'")
            sounds.setdefault(row["spelling"], row["sound"])
        titles = set()
        for row in load_rows("titles.tsv", ("title", "variants", "sector", "kind"), extra_dirs):
            for form in (row["title"], *row.values("variants")):
                words = tuple(fold(form).split())
                if words:
                    titles.add(words)
        return cls(parts, sounds, titles)

    # -- forms -----------------------------------------------------------------------------------------------

    def form(self, name: str, *, person: bool) -> NameForm:
        """The matching form of a name; ``person`` strips leading titles and finds the surname."""
        cached = self._forms.get((name, person))
        if cached is not None:
            return cached
        tokens = self._tokens(name)
        if person:
            tokens = self._without_titles(tokens)
        if not tokens:  # a name made only of particles or punctuation is compared as written
            tokens = [name_key(name) or name]
        surname, given = self._surname(tokens) if person else (None, ())
        form = NameForm(" ".join(tokens), tuple(tokens), " ".join(self.skeleton(t) for t in tokens), surname,
                        given)
        self._forms[(name, person)] = form
        return form

    def _tokens(self, name: str) -> list[str]:
        words = []
        for word in fold(_POSSESSIVE.sub("", name.strip())).split():
            pieces = [p for p in word.split("-") if p]
            if len(pieces) > 1 and self.parts.get(pieces[0]) in ("article", "prefix"):
                pieces = pieces[1:]
            words.extend(p for p in pieces if self.parts.get(p) != "article")
        if words[:1] == ["the"] and len(words) > 1:
            words = words[1:]
        return words

    def _without_titles(self, tokens: list[str]) -> list[str]:
        """``maj gen qassem soleimani`` → ``qassem soleimani``; a lone title is kept (it is all there is)."""
        start = 0
        while start < len(tokens) - 1:
            if self.parts.get(tokens[start]) == "honorific":
                start += 1
                continue
            for size in range(min(self.max_title, len(tokens) - start - 1), 0, -1):
                if tuple(tokens[start:start + size]) in self.titles:
                    start += size
                    break
            else:
                break
        return tokens[start:]

    def _surname(self, tokens: list[str]) -> tuple[str, tuple[str, ...]]:
        end = len(tokens)
        while end > 1 and self.parts.get(tokens[end - 1]) == "suffix":
            end -= 1
        surname = tokens[end - 1]
        given = tuple(t for t in tokens[:end - 1] if self.parts.get(t) != "connector")
        return surname, given

    def skeleton(self, word: str) -> str:
        """``qassem`` → ``ksm``, ``soleimani`` → ``slmn``, ``usama`` → ``asm``: spelling classes of
        ``name_sounds.tsv``, repeats collapsed, vowels kept only as a first letter."""
        cached = self._skeletons.get(word)
        if cached is not None:
            return cached
        sounds = []
        i = 0
        while i < len(word):
            for spelling, sound in self.sounds:
                if word.startswith(spelling, i):
                    sounds.append(sound)
                    i += len(spelling)
                    break
            else:
                sounds.append(word[i])
                i += 1
        letters = "".join(sounds)
        collapsed = "".join(c for n, c in enumerate(letters) if n == 0 or c != letters[n - 1])
        skeleton = collapsed[:1] + "".join(c for c in collapsed[1:] if c != VOWEL)
        skeleton = "".join(c for n, c in enumerate(skeleton) if n == 0 or c != skeleton[n - 1]) or word
        self._skeletons[word] = skeleton
        return skeleton

    # -- tests -----------------------------------------------------------------------------------------------

    def same_word(self, a: str, b: str) -> bool:
        """Two spellings of one given name: ``qassem``/``qassim``, ``ghasem``/``qasem``, ``mohammed``/``muhammad``."""
        if a == b:
            return True
        if len(a) == 1 or len(b) == 1:
            return False
        score = ratio(a, b)
        return score >= SAME_WORD or (score >= SAME_WORD_BY_SOUND and self.skeleton(a) == self.skeleton(b))

    def same_surname(self, a: str, b: str) -> bool:
        return a == b or (self.skeleton(a) == self.skeleton(b) and ratio(a, b) >= SAME_SURNAME)

    def same_person(self, x: NameForm, y: NameForm) -> bool:
        """Two full names of people that can be one person: the same surname in another spelling, and given
        names that agree (the first one, or one list inside the other: ``Ali Khamenei`` / ``Seyed Ali
        Khamenei``). ``Zeinab Soleimani`` and ``Qassem Soleimani`` cannot."""
        if x.surname is None or y.surname is None or not x.given or not y.given:
            return False
        if not self.same_surname(x.surname, y.surname):
            return False
        if self.same_word(x.given[0], y.given[0]):
            return True
        shorter, longer = sorted((x.given, y.given), key=len)
        return len(shorter) < len(longer) and _inside(shorter, longer, self.same_word)

    def same_name(self, x: NameForm, y: NameForm) -> bool:
        """Two spellings of one name that is not a person's full name (or of one single word): equal skeletons
        and each word nearly equal in letters. Short names (acronyms) must be equal."""
        if x.text == y.text:
            return True
        if x.skeleton != y.skeleton or min(len(x.text), len(y.text)) < MIN_FUZZY_LENGTH:
            return False
        return all(a == b or ratio(a, b) >= SAME_NAME_WORD for a, b in zip(x.tokens, y.tokens, strict=True))


def fold(text: str) -> str:
    """Accents, case, dots and apostrophes removed, dashes kept as word joiners: ``Kata’ib Ḥizballah`` →
    ``kataib hizballah``, ``U.S.`` → ``us``."""
    text = unicodedata.normalize("NFKD", text.lower().translate(_FOLDED))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _APOSTROPHES.sub("", text).replace(".", "")
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    return " ".join(_NOT_NAME.sub(" ", text).split())


def _inside(shorter: tuple[str, ...], longer: tuple[str, ...], same) -> bool:
    """Whether every word of ``shorter`` matches a word of ``longer``, in order."""
    position = 0
    for word in shorter:
        while position < len(longer) and not same(word, longer[position]):
            position += 1
        if position == len(longer):
            return False
        position += 1
    return True
