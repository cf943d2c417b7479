"""Publication dates: the forms news data uses, normalised to ``YYYY-MM-DD``."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {name: number for number, names in enumerate((
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
    ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
    ("november", "nov"), ("december", "dec")), start=1) for name in names}
_MONTH = "(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?|(?:mon|tues|wednes|thurs|fri|satur|sun)day),?\s+"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
# An optional time of day after the date: kept out of the result, which is the date as written.
_TIME = (r"(?:(?:T|\s+|,\s*)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?"
         r"\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[a-z]{1,5})?)?")

_FORMS = [re.compile(pattern + _TIME, re.IGNORECASE) for pattern in (
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})",
    r"(?P<year>\d{4})/(?P<month>\d{1,2})/(?P<day>\d{1,2})",
    r"(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4}|\d{2})",
    f"(?:{_WEEKDAY})?{_MONTH}\\s+{_DAY},?\\s+{_YEAR}",
    f"(?:{_WEEKDAY})?{_DAY}\\s+{_MONTH},?\\s+{_YEAR}",
)]

ACCEPTED = "YYYY-MM-DD, an ISO datetime, YYYY/MM/DD, M/D/YYYY, 'January 3, 2020', '3 January 2020' or RFC 2822"


def parse_date(value: str) -> str | None:
    """Return ``value`` as ``YYYY-MM-DD``, or ``None`` when it is in no known form.

    Raises ``ValueError`` for a date in a known form that is not on the calendar (``2023-02-30``).
    """
    value = value.strip()
    for form in _FORMS:
        match = form.fullmatch(value)
        if match:
            return _calendar_date(match, value)
    return None


def _calendar_date(match: re.Match[str], value: str) -> str:
    month = match["month"].lower().rstrip(".")
    year = int(match["year"])
    if len(match["year"]) == 2:
        year += 2000 if year < 69 else 1900  # the strptime %y pivot
    try:
        day = dt.date(year, int(month) if month.isdigit() else _MONTHS[month], int(match["day"]))
    except ValueError:
        raise ValueError(f"impossible date {value!r}") from None
    return day.isoformat()
