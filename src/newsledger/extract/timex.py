"""A grammar of English time expressions, normalised to TIMEX3 values against an anchor date.

Each rule is a regular expression built from the words of ``data/time_words.tsv`` and a handler that turns a
match into a :class:`Timex`. The grammar is pure: it reads no document, only a string, the anchor (the
publication date, or None) and the tense of the clause, which decides where a bare weekday or month falls.

TIMEX3 conventions followed (ISO-TimeML): days ``2020-01-03``, months ``2020-01``, years ``2020``, ISO weeks
``2020-W01`` ("last week"), weekends ``2020-W01-WE``, seasons ``2019-SU``, quarters ``2013-Q1``, decades ``199``
("the 1990s"), centuries ``19`` ("the 20th century"), times ``2013-03-22TAF`` / ``2013-03-22T15:00``, durations
``P3M``/``PT2H``/``PXY`` (a decade is ``P10Y``), sets ``P1W`` or ``XXXX-WXX-1`` (every Monday), and
``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``. "the fourth anniversary (of X)" is a date whose value is X's date
plus ``P4Y``: the expression alone does not give it, so its value stays null and ``offset`` says ``P4Y``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from .timewords import TimeWords

PAST, FUTURE, PRESENT = "past", "future", "present"


@dataclass(frozen=True, slots=True)
class Timex:
    type: str  # date, time, duration, set
    value: str | None
    precision: str | None  # day, week, month, season, quarter, year, decade, century, time, reference
    basis: str  # explicit, relative, unknown
    rule: str = ""
    mod: str | None = None
    approximate: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Context:
    anchor: date | None
    tense: Callable[[], str | None]  # past, future, present or None, asked only by rules that need it
    text: str  # the expression as written (case kept)


Handler = Callable[["TimexGrammar", re.Match, Context], Timex | None]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern
    handler: Handler
    weak: bool = False  # found in running text only inside a spaCy DATE/TIME entity or after a preposition
    anchors: tuple[str, ...] = ()  # the key words or numbers one of which every match contains


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    rule: Rule
    match: re.Match


class TimexGrammar:
    def __init__(self, words: TimeWords) -> None:
        self.words = words
        parts = {kind.upper().replace("_", ""): _alternation(kind, words[kind]) for kind in words.kinds}
        parts["MONTHX"] = _alternation("month", {**words["month"], **words["month_abbr"]})
        parts["NUM"] = r"(?P<num>\d+|" + _words(words["number"]) + ")"
        parts["ORD"] = r"(?P<ordinal>\d+(?:st|nd|rd|th)|" + _words(words["ordinal"]) + ")"
        parts.update(DAY=r"(?P<day>[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?", YEAR=r"(?P<year>(?:1[6-9]|20)\d\d)")
        self.rules = [Rule(name, re.compile(_BOUNDED.format(template.replace("_", r"\s+").format(**parts)),
                                            re.IGNORECASE), handler, weak, anchors)
                      for name, template, handler, weak, anchors in _RULES]
        self._order = {rule.name: k for k, rule in enumerate(self.rules)}
        self.key_words, self.key_names = _key_words(words)
        self._words = {anchor: re.compile(r"(?<![\w'])(?:" + "|".join(re.escape(w) for w in sorted(
            table, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE) for anchor, table in self.key_words.items()}
        self._names = {anchor: re.compile(r"\b(?:" + "|".join(re.escape(n) for n in sorted(
            table, key=len, reverse=True)) + r")\b") for anchor, table in self.key_names.items()}

    def scan(self, text: str, keys: dict[str, list[tuple[int, int]]] | None = None) -> list[Found]:
        """Every expression the grammar finds in a text, longest first where they overlap.

        Every rule needs one of its anchors (a unit word, a capitalised month name, a number shaped like a year
        ...) and runs only in windows of text around them, which keeps a long article's scan cheap. ``keys``
        gives the anchor words' character spans by anchor (:meth:`keys` finds them in a text; a caller holding
        the text's tokens can find them faster); numbers are found here."""
        keys = {**(self.keys(text) if keys is None else keys), **self.number_keys(text)}
        windows: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        found = []
        for rule in self.rules:
            if rule.anchors not in windows:
                spans = sorted(span for anchor in rule.anchors for span in keys.get(anchor, ()))
                windows[rule.anchors] = _windows(spans, len(text))
            found.extend(Found(*_span(m), rule, m) for start, end in windows[rule.anchors]
                         for m in rule.pattern.finditer(text, start, end))
        found.sort(key=lambda f: (f.start - f.end, self._order[f.rule.name], f.start))
        chosen: list[Found] = []
        for candidate in found:
            if all(candidate.end <= f.start or f.end <= candidate.start for f in chosen):
                chosen.append(candidate)
        return sorted(chosen, key=lambda f: f.start)

    def keys(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """Where the anchor words stand in a text, by anchor: time words (``week``, ``yesterday``, ``summer``)
        in any case, month and weekday names capitalised or in capitals."""
        keys: dict[str, list[tuple[int, int]]] = {}
        for patterns in (self._words, self._names):
            for anchor, pattern in patterns.items():
                keys.setdefault(anchor, []).extend(m.span() for m in pattern.finditer(text))
        return keys

    def number_keys(self, text: str) -> dict[str, list[tuple[int, int]]]:
        """The numbers that anchor an expression without a time word: years, decades, numeric dates, FY."""
        keys: dict[str, list[tuple[int, int]]] = {}
        for match in _NUMBER_KEYS.finditer(text):
            keys.setdefault(match.lastgroup or "", []).append(match.span())
        return keys

    def parse(self, text: str) -> Found | None:
        """The rule matching a whole expression, if any."""
        for rule in self.rules:
            match = rule.pattern.fullmatch(text)
            if match is not None:
                return Found(*_span(match), rule, match)
        return None

    def resolve(self, found: Found, anchor: date | None, tense: Callable[[], str | None]) -> Timex | None:
        context = Context(anchor, tense, found.match.string[found.start:found.end])
        timex = found.rule.handler(self, found.match, context)
        return replace(timex, rule=found.rule.name) if timex is not None else None

    # -- word values -------------------------------------------------------------------------------------------

    def value(self, kind: str, match: re.Match, group: str | None = None) -> str | None:
        text = _group(match, group or kind)
        return None if text is None else self.words[kind].get(" ".join(text.lower().split()))

    def number(self, match: re.Match) -> str:
        text = match.group("num")
        return text if text.isdigit() else self.words["number"][" ".join(text.lower().split())]

    def ordinal(self, match: re.Match) -> int:
        text = match.group("ordinal").lower()
        return int(text[:-2]) if text[:1].isdigit() else int(self.words["ordinal"][" ".join(text.split())])

    def month(self, match: re.Match) -> int:
        text = " ".join(match.group("month").lower().split())
        return int(self.words["month"].get(text) or self.words["month_abbr"][text])

    def mod(self, match: re.Match) -> str | None:
        value = self.value("position", match)
        return None if value == "-" else value


# -- handlers ------------------------------------------------------------------------------------------------


def _explicit(type_: str, value: str, precision: str, mod: str | None = None) -> Timex:
    return Timex(type_, value, precision, "explicit", mod=mod)


def _relative(context: Context, compute: Callable[[date], str], precision: str, type_: str = "date",
              mod: str | None = None, approximate: bool = False) -> Timex:
    if context.anchor is None:
        return Timex(type_, None, precision, "unknown", mod=mod, approximate=approximate)
    return Timex(type_, compute(context.anchor), precision, "relative", mod=mod, approximate=approximate)


def iso_date(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    day = _date(int(m["year"]), int(m["mm"]), int(m["dd"]))
    return _explicit("date", day.isoformat(), "day") if day else None


def numeric_date(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    year = int(m["year"]) if len(m["year"]) == 4 else 2000 + int(m["year"])
    day = _date(year, int(m["a"]), int(m["b"])) or _date(year, int(m["b"]), int(m["a"]))
    return _explicit("date", day.isoformat(), "day") if day else None


def month_day(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    month, day = g.month(m), int(m["day"])
    if m["year"]:
        found = _date(int(m["year"]), month, day)
        return _explicit("date", found.isoformat(), "day") if found else None
    if _date(2000, month, day) is None:
        return None
    return _relative(c, lambda a: _nearest_day(a, month, day, c.tense()).isoformat(), "day")


def month_year(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    return _explicit("date", f"{m['year']}-{g.month(m):02d}", "month", g.mod(m))


def year(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    return _explicit("date", m["year"], "year", g.mod(m))


def season(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    code, shift = g.value("season", m), g.value("shift", m)
    if _group(m, "year"):
        return _explicit("date", f"{m['year']}-{code}", "season", g.mod(m))
    shift = int(shift) if shift is not None else None
    return _relative(c, lambda a: f"{_season_year(a, code, shift, c.tense())}-{code}", "season", mod=g.mod(m))


def decade(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    if m["century"]:
        return _explicit("date", m["century"] + m["dec"], "decade", g.mod(m))
    digit = m["dec2"] or g.value("decade_word", m)
    if digit is None:
        return None
    return _relative(c, lambda a: _decade_before(a, int(digit)), "decade", mod=g.mod(m))


def century(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    number = g.ordinal(m)
    return _explicit("date", f"{number - 1:02d}", "century", g.mod(m)) if 1 <= number <= 21 else None


def shift_unit(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    unit, shift = g.value("unit", m), int(g.value("shift", m))
    if m["unit"].lower().endswith("s") and unit not in ("S",):
        return Timex("duration", f"PX{_unit_code(unit)}", None, "explicit", approximate=True)
    if unit in ("DE", "CE") and shift:
        return Timex("duration", "P10Y" if unit == "DE" else "P100Y", None, "explicit")
    if unit in ("H", "MIN", "S", "D"):
        return None
    return _relative(c, lambda a: _shifted_period(a, unit, shift), _PRECISION[unit], mod=g.mod(m))


def shift_named(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    shift = int(g.value("shift", m))
    if m["month"]:
        month = g.month(m)
        if not _capitalised(m, "month"):
            return None
        return _relative(c, lambda a: _month_by_shift(a, month, shift), "month", mod=g.mod(m))
    weekday = int(g.value("weekday", m))
    return _relative(c, lambda a: _weekday_by_shift(a, weekday, shift).isoformat(), "day")


def month(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    if not _capitalised(m, "month"):
        return None
    number = g.month(m)
    return _relative(c, lambda a: _nearest_month(a, number, c.tense()), "month", mod=g.mod(m))


def weekday(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    if not _capitalised(m, "weekday"):
        return None
    number, part = int(g.value("weekday", m)), g.value("part_of_day", m)
    day = lambda a: _nearest_weekday(a, number, c.tense()).isoformat()  # noqa: E731
    if part:
        return _relative(c, lambda a: f"{day(a)}T{part}", "time", "time")
    return _relative(c, day, "day")


def deictic(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    offset, part = int(g.value("deictic", m)), g.value("part_of_day", m)
    words = m["deictic"].lower()
    part = part or {"tonight": "NI", "last night": "NI", "this morning": "MO", "this afternoon": "AF",
                    "this evening": "EV"}.get(words)
    day = lambda a: (a + timedelta(days=offset)).isoformat()  # noqa: E731
    if part:
        return _relative(c, lambda a: f"{day(a)}T{part}", "time", "time")
    return _relative(c, day, "day")


def ago(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    unit, sign = g.value("unit", m), int(g.value("ago", m))
    amount = g.number(m)
    approximate = m["approximator"] is not None or amount == "X"
    if amount == "X":
        return Timex("date", "PAST_REF" if sign < 0 else "FUTURE_REF", "reference", "explicit", approximate=True)
    count = sign * int(amount)
    if unit in ("DE", "CE"):
        unit, count = "Y", count * (10 if unit == "DE" else 100)
    if unit in ("H", "MIN", "S", "WE", "Q"):
        return None
    return _relative(c, lambda a: _shifted_period(a, unit, count), _PRECISION[unit],
                     mod=g.value("approximator", m), approximate=approximate)


def every(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    if m["frequency"]:
        return Timex("set", g.value("frequency", m), None, "explicit")
    if m["weekday"]:
        return Timex("set", f"XXXX-WXX-{g.value('weekday', m)}", None, "explicit")
    if m["part_of_day"]:
        return Timex("set", f"XXXX-XX-XXT{g.value('part_of_day', m)}", None, "explicit")
    if m["season"]:
        return Timex("set", f"XXXX-{g.value('season', m)}", None, "explicit")
    count = g.number(m) if m["num"] else "1"
    return Timex("set", _duration(count, g.value("unit", m)), None, "explicit")


def duration(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    amount, unit = g.number(m), g.value("unit", m)
    if unit in ("S", "Q") and m["num"].lower() in ("a", "an"):
        return None  # "a second attack", "a quarter of the vote"
    mod = g.value("approximator", m)
    return Timex("duration", _duration(amount, unit), None, "explicit", mod=mod,
                 approximate=mod is not None or amount == "X")


def bare_units(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    if not m["unit"].lower().endswith("s"):
        return None
    return Timex("duration", _duration("X", g.value("unit", m)), None, "explicit", approximate=True)


def reference(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    return Timex("date", g.value("reference", m), "reference", "explicit")


def anniversary(g: TimexGrammar, m: re.Match, c: Context) -> Timex:
    return Timex("date", None, None, "unknown", extra={"offset": f"P{g.ordinal(m)}Y"})


def quarter(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    number = g.ordinal(m)
    if not 1 <= number <= 4:
        return None
    if m["year"]:
        return _explicit("date", f"{m['year']}-Q{number}", "quarter")
    return _relative(c, lambda a: f"{a.year}-Q{number}", "quarter")


def clock(g: TimexGrammar, m: re.Match, c: Context) -> Timex | None:
    hour, minute = int(m["hour"]), int(m["minute"] or 0)
    suffix = (m["ampm"] or "").lower().replace(".", "")
    hour += 12 if suffix == "pm" and hour < 12 else 0
    hour -= 12 if suffix == "am" and hour == 12 else 0
    if hour > 23 or minute > 59:
        return None
    clock_time = f"T{hour:02d}:{minute:02d}" if m["minute"] else f"T{hour:02d}"
    if m["weekday"]:
        number = int(g.value("weekday", m))
        return _relative(c, lambda a: _nearest_weekday(a, number, c.tense()).isoformat() + clock_time, "time",
                         "time")
    return Timex("time", "XXXX-XX-XX" + clock_time, "time", "explicit")


# -- calendar arithmetic -------------------------------------------------------------------------------------

_PRECISION = {"D": "day", "W": "week", "WE": "week", "M": "month", "Q": "quarter", "Y": "year",
              "DE": "decade", "CE": "century"}
_TIME_UNITS = {"H": "H", "MIN": "M", "S": "S"}
_SEASON_START = {"SP": 3, "SU": 6, "FA": 9, "WI": 12}


def _date(year_: int, month_: int, day: int) -> date | None:
    try:
        return date(year_, month_, day)
    except ValueError:
        return None


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _from_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _week(day: date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shifted_period(anchor: date, unit: str, shift: int) -> str:
    if unit == "D":
        return (anchor + timedelta(days=shift)).isoformat()
    if unit in ("W", "WE"):
        return _week(anchor + timedelta(weeks=shift)) + ("-WE" if unit == "WE" else "")
    if unit == "M":
        return _from_index(_month_index(anchor) + shift)
    if unit == "Q":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        return f"{index // 4:04d}-Q{index % 4 + 1}"
    if unit == "DE":
        return f"{anchor.year // 10 + shift:03d}"
    if unit == "CE":
        return f"{anchor.year // 100 + shift:02d}"
    return f"{anchor.year + shift:04d}"


def _nearest_day(anchor: date, month_: int, day: int, tense: str | None) -> date:
    options = [d for d in (_date(anchor.year + k, month_, day) for k in (-1, 0, 1)) if d is not None]
    if tense == PAST:
        return max((d for d in options if d <= anchor), default=options[0])
    if tense == FUTURE:
        return min((d for d in options if d >= anchor), default=options[-1])
    return min(options, key=lambda d: (abs((d - anchor).days), d > anchor))


def _nearest_month(anchor: date, month_: int, tense: str | None) -> str:
    here = _month_index(anchor)
    options = [(anchor.year + k) * 12 + month_ - 1 for k in (-1, 0, 1)]
    if tense == PAST:
        return _from_index(max(i for i in options if i <= here))
    if tense == FUTURE:
        return _from_index(min(i for i in options if i >= here))
    return _from_index(min(options, key=lambda i: (abs(i - here), i < here)))


def _month_by_shift(anchor: date, month_: int, shift: int) -> str:
    here = _month_index(anchor)
    if shift < 0:
        return _from_index(max(i for i in ((anchor.year + k) * 12 + month_ - 1 for k in (-1, 0)) if i < here))
    if shift > 0:
        return _from_index(min(i for i in ((anchor.year + k) * 12 + month_ - 1 for k in (0, 1)) if i > here))
    return f"{anchor.year:04d}-{month_:02d}"


def _nearest_weekday(anchor: date, weekday_: int, tense: str | None) -> date:
    before = anchor - timedelta(days=(anchor.isoweekday() - weekday_) % 7)
    after = anchor + timedelta(days=(weekday_ - anchor.isoweekday()) % 7)
    if tense == PAST:
        return before
    if tense == FUTURE:
        return after
    return before if (anchor - before) <= (after - anchor) else after


def _weekday_by_shift(anchor: date, weekday_: int, shift: int) -> date:
    if shift < 0:
        return anchor - timedelta(days=(anchor.isoweekday() - weekday_ - 1) % 7 + 1)
    if shift > 0:
        return anchor + timedelta(days=(weekday_ - anchor.isoweekday() - 1) % 7 + 1)
    return anchor + timedelta(days=weekday_ - anchor.isoweekday())


def _season_year(anchor: date, code: str, shift: int | None, tense: str | None) -> int:
    start = _SEASON_START[code]
    begun = anchor.month >= start
    ended = anchor.month >= start + 3 if code != "WI" else 3 <= anchor.month < 12
    if shift == 0:
        return anchor.year if code != "WI" or anchor.month >= 3 else anchor.year - 1
    if shift is not None and shift < 0 or (shift is None and tense == PAST):
        return anchor.year if (ended if code != "WI" else anchor.month >= 3) else anchor.year - 1
    if shift is not None and shift > 0 or (shift is None and tense == FUTURE):
        return anchor.year if not begun else anchor.year + 1
    return anchor.year


def _decade_before(anchor: date, digit: int) -> str:
    century_ = anchor.year // 100
    return f"{century_ if digit * 10 <= anchor.year % 100 else century_ - 1}{digit}"


def _unit_code(unit: str) -> str:
    return {"DE": "DE", "CE": "CE", "H": "TH", "MIN": "TM", "S": "TS"}.get(unit, unit)


def _duration(amount: str, unit: str) -> str:
    if unit in ("H", "MIN", "S"):
        return f"PT{amount}{_TIME_UNITS[unit]}"
    if unit in ("DE", "CE"):
        return f"P{int(amount) * (10 if unit == 'DE' else 100)}Y" if amount != "X" else f"PX{unit}"
    return f"P{amount}{unit}"


def _group(match: re.Match, name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _capitalised(match: re.Match, group: str) -> bool:
    return match.group(group)[:1].isupper()


def _span(match: re.Match) -> tuple[int, int]:
    lead = match.end("lead") if "lead" in match.re.groupindex and match.group("lead") else match.start()
    return lead, match.end()


def _words(table: dict[str, str]) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(table, key=len, reverse=True))


def _alternation(kind: str, table: dict[str, str]) -> str:
    return f"(?P<{kind}>{_words(table)})"


_WINDOW = 60
#: anchor -> the kinds of time_words.tsv whose words anchor an expression (a phrase by its longer words:
#: "yesterday" in "the day before yesterday"), plus fixed words
_ANCHOR_KINDS = {"unit": ("unit",), "season": ("season",), "deictic": ("deictic",), "reference": ("reference",),
                 "frequency": ("frequency",), "decade_word": ("decade_word",), "month_abbr": ("month_abbr",)}
_ANCHOR_WORDS = {"anniversary": ("anniversary",), "quarter": ("quarter", "quarters"), "fiscal": ("fiscal",),
                 "every": ("every", "each"), "ampm": ("a.m.", "p.m.", "am", "pm")}
_NAME_KINDS = ("month", "weekday")  # anchors only capitalised or in capitals: the rules reject them otherwise
_NOT_KEYS = {"the", "a", "an", "of", "in", "at", "on", "to", "from", "this", "that", "last", "next", "right",
             "these", "after", "before", "day"}
_NUMBER_KEYS = re.compile(r"(?P<decade_digits>\d{0,3}0'?s\b)|(?P<year>(?<!\d)(?:1[6-9]|20)\d\d(?!\d))|"
                          r"(?P<numeric>\d[/-]\d)|(?P<fy>\b[Ff][Yy])")


def _key_words(words: TimeWords) -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """The anchor words (lower case) and names (as written, capitalised or in capitals), by anchor."""
    keys: dict[str, frozenset[str]] = {anchor: frozenset(table) for anchor, table in _ANCHOR_WORDS.items()}
    for anchor, kinds in _ANCHOR_KINDS.items():
        found: set[str] = set()
        for phrase in (phrase for kind in kinds for phrase in words[kind]):
            parts = phrase.split()
            found.update(parts if len(parts) == 1 else [w for w in parts if w not in _NOT_KEYS])
        keys[anchor] = frozenset(found)
    names = {kind: frozenset(form for word in words[kind] for form in (word.capitalize(), word.upper()))
             for kind in _NAME_KINDS}
    return keys, names


def _windows(keys: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """Stretches of text around the key words, merged where they overlap: the rules run only there."""
    windows: list[list[int]] = []
    for key_start, key_end in keys:
        start, end = max(0, key_start - _WINDOW), min(length, key_end + _WINDOW)
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
    return [(start, end) for start, end in windows]
_BOUNDED = r"(?<![\w'])(?<![A-Za-z]-)(?:{})(?!\w)(?!-[A-Za-z])"
_PREP = r"(?P<lead>(?:in|during|over|through|throughout|by|until|since|from|of|before|after)_)"
_POS = r"(?:the_)?{POSITION}(?:_of)?[\s-]+"

_RULES: list[tuple[str, str, Handler, bool, tuple[str, ...]]] = [
    ("iso_date", r"{YEAR}-(?P<mm>0[1-9]|1[0-2])-(?P<dd>[0-2]\d|3[01])", iso_date, False, ("year",)),
    ("numeric_date", r"(?P<a>\d{{1,2}})/(?P<b>\d{{1,2}})/(?P<year>\d{{4}}|\d\d)", numeric_date, False,
     ("numeric",)),
    ("month_day", r"(?:{WEEKDAY},?_)?{MONTHX}_{DAY}(?:,?_{YEAR})?", month_day, False, ("month", "month_abbr")),
    ("day_month", r"(?:{WEEKDAY},?_)?(?:the_)?{DAY}(?:_of)?_{MONTHX}(?:,?_{YEAR})?", month_day, False,
     ("month", "month_abbr")),
    ("month_year", r"(?:" + _POS + r")?{MONTHX}(?:_of)?,?_{YEAR}", month_year, False,
     ("month", "month_abbr", "year")),
    ("position_year", _POS + r"{YEAR}", year, False, ("year",)),
    ("season_year", r"(?:the_)?(?:" + _POS + r")?{SEASON}(?:_of)?_{YEAR}", season, False, ("season",)),
    ("shift_season", r"(?:" + _POS + r")?(?:the_)?{SHIFT}_{SEASON}", season, False, ("season",)),
    ("season", _PREP + r"the_(?:{POSITION}_)?{SEASON}", season, False, ("season",)),
    ("decade", r"(?:the_)?(?:" + _POS + r")?(?:(?P<century>1[5-9]|20)(?P<dec>\d)0'?s|'(?P<dec2>\d)0s|"
     r"(?:the_){DECADEWORD})", decade, False, ("decade_digits", "decade_word")),
    ("century", r"(?:the_)?(?:" + _POS + r")?{ORD}[\s-]+century", century, False, ("unit",)),
    ("shift_unit", r"(?:" + _POS + r")?(?:the_)?{SHIFT}_{UNIT}", shift_unit, False, ("unit",)),
    ("shift_named", r"(?:" + _POS + r")?{SHIFT}_(?:{MONTH}|{WEEKDAY})", shift_named, False,
     ("month", "weekday")),
    ("month", r"(?:" + _POS + r")?{MONTH}", month, False, ("month",)),
    ("weekday", r"{WEEKDAY}(?:_{PARTOFDAY})?", weekday, False, ("weekday",)),
    ("deictic", r"{DEICTIC}(?:_{PARTOFDAY})?", deictic, False, ("deictic",)),
    ("ago", r"(?:{APPROXIMATOR}_)?{NUM}_{UNIT}_{AGO}", ago, False, ("unit",)),
    ("every", r"(?:every|each)_(?:{NUM}_)?(?:{UNIT}|{WEEKDAY}|{PARTOFDAY}|{SEASON})|{FREQUENCY}", every, False,
     ("every", "frequency")),
    ("duration", r"(?:{APPROXIMATOR}_|(?:the_)?{SHIFT}_|the_)?{NUM}[\s-]+{UNIT}", duration, False, ("unit",)),
    ("bare_units", r"(?:{APPROXIMATOR}_)?{UNIT}", bare_units, True, ("unit",)),
    ("reference", r"{REFERENCE}", reference, False, ("reference",)),
    ("anniversary", r"(?:the_)?{ORD}_anniversary", anniversary, False, ("anniversary",)),
    ("quarter", r"(?:the_)?{ORD}_quarter(?:_of)?(?:_{YEAR})?", quarter, False, ("quarter",)),
    ("fiscal_year", r"(?:fiscal_(?:year_)?|FY\s?){YEAR}", year, False, ("fiscal", "fy")),
    ("clock", r"(?:{WEEKDAY}_)?(?P<lead>at_)?(?P<hour>[01]?\d|2[0-3])(?::(?P<minute>[0-5]\d))?_?"
     r"(?P<ampm>a\.m\.|p\.m\.|am|pm)", clock, False, ("ampm",)),
    ("year", r"{YEAR}", year, True, ("year",)),
]
