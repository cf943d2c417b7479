from __future__ import annotations

import pytest

from newsledger.ingest import parse_date


@pytest.mark.parametrize(("value", "day"), [
    ("2020-01-03", "2020-01-03"),
    ("2020-1-3", "2020-01-03"),
    (" 2020-01-03 ", "2020-01-03"),
    ("2020-01-03T08:15:00Z", "2020-01-03"),
    ("2020-01-03T23:59:59.123+05:30", "2020-01-03"),
    ("2020-01-03 08:15", "2020-01-03"),
    ("2020/01/03", "2020-01-03"),
    ("1/3/2020", "2020-01-03"),
    ("01/03/2020", "2020-01-03"),
    ("12/31/2019", "2019-12-31"),
    ("1/3/20", "2020-01-03"),
    ("1/3/99", "1999-01-03"),
    ("1/3/2020 10:00 AM", "2020-01-03"),
    ("January 3, 2020", "2020-01-03"),
    ("january 3 2020", "2020-01-03"),
    ("3 January 2020", "2020-01-03"),
    ("Jan 3, 2020", "2020-01-03"),
    ("Jan. 3, 2020", "2020-01-03"),
    ("Sept. 14, 2021", "2021-09-14"),
    ("Friday, January 3rd, 2020", "2020-01-03"),
    ("Fri, 03 Jan 2020 10:00:00 GMT", "2020-01-03"),
    ("Fri, 03 Jan 2020 10:00:00 +0000", "2020-01-03"),
    ("29 February 2024", "2024-02-29"),
])
def test_dates_parse_every_accepted_form(value: str, day: str) -> None:
    assert parse_date(value) == day


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13-01", "2023-00-10", "13/5/2020", "February 29, 2023",
                                   "31 April 2021", "Mon, 32 Jan 2020 10:00:00 GMT"])
def test_dates_reject_impossible_dates(value: str) -> None:
    with pytest.raises(ValueError, match="impossible date"):
        parse_date(value)


@pytest.mark.parametrize("value", ["", "yesterday", "2020", "Smarch 3, 2020", "2020-01-03 lunchtime", "03.01.2020",
                                   "20200103"])
def test_dates_return_none_for_unknown_forms(value: str) -> None:
    assert parse_date(value) is None
