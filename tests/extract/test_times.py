"""Time expressions and event dates, on sentences written for these tests (published Wednesday 12 February 2020)."""

from __future__ import annotations

import pytest

from newsledger.errors import DataFileError
from newsledger.extract.times import TimeFinder
from newsledger.extract.timewords import TimeWords
from newsledger.extract.when import event_date

PUBLISHED = "2020-02-12"  # a Wednesday, in ISO week 7


@pytest.fixture(scope="module")
def finder(pipeline) -> TimeFinder:
    return getattr(pipeline, "times", None) or TimeFinder()


def times_in(pipeline, finder, text: str, published: str | None = PUBLISHED):
    doc = pipeline.nlp(text)
    return doc, finder.find(doc, published)


def the_time(times, text: str):
    found = [t for t in times if t.text == text]
    assert found, f"{text!r} not found among {[t.text for t in times]}"
    return found[0]


@pytest.mark.parametrize("sentence, expression, value, precision, basis", [
    ("The treaty was signed on January 3, 2020, in Oslo.", "January 3, 2020", "2020-01-03", "day", "explicit"),
    ("Delegates arrived on 3 Jan for the second round of talks.", "3 Jan", "2020-01-03", "day", "relative"),
    ("The memo, dated 2020-01-03, reached the committee late.", "2020-01-03", "2020-01-03", "day", "explicit"),
    ("In January 2020, the council voted to close the mine.", "January 2020", "2020-01", "month", "explicit"),
    ("In January, the council voted to close the mine.", "January", "2020-01", "month", "relative"),
    ("The council voted in March to close the mine.", "March", "2019-03", "month", "relative"),
    ("The council will vote in March on the mine.", "March", "2020-03", "month", "relative"),
    ("The ministers met on Sunday in the capital.", "Sunday", "2020-02-09", "day", "relative"),
    ("The ministers met on Wednesday in the capital.", "Wednesday", "2020-02-12", "day", "relative"),
    ("The ministers will meet on Monday in the capital.", "Monday", "2020-02-17", "day", "relative"),
    ("Flooding closed the bridge yesterday.", "yesterday", "2020-02-11", "day", "relative"),
    ("The bridge reopens today after repairs.", "today", "2020-02-12", "day", "relative"),
    ("Prices rose sharply last week, traders said.", "last week", "2020-W06", "week", "relative"),
    ("The ferry sank two days ago near the coast.", "two days ago", "2020-02-10", "day", "relative"),
    ("Earlier this month, the union called a strike.", "Earlier this month", "2020-02", "month", "relative"),
    ("Exports fell last year for the first time.", "last year", "2019", "year", "relative"),
    ("The drought began last summer and has not ended.", "last summer", "2019-SU", "season", "relative"),
    ("The dam was finished in the summer of 2018.", "the summer of 2018", "2018-SU", "season", "explicit"),
    ("The town has shrunk since the 1990s.", "the 1990s", "199", "decade", "explicit"),
])
def test_times_dates(pipeline, finder, sentence, expression, value, precision, basis):
    _, times = times_in(pipeline, finder, sentence)
    time = the_time(times, expression)
    assert (time.type, time.value) == ("date", value)
    assert (time.extra["precision"], time.extra["basis"]) == (precision, basis)
    assert time.extra["anchor"] == (PUBLISHED if basis == "relative" else None)


@pytest.mark.parametrize("sentence, expression, type_, value, approximate", [
    ("The port was blockaded for around three months last winter.", "around three months", "duration", "P3M",
     True),
    ("The talks lasted 18 months before collapsing.", "18 months", "duration", "P18M", False),
    ("Inspectors visit the reactor every week.", "every week", "set", "P1W", False),
    ("The market is held every Monday in the square.", "every Monday", "set", "XXXX-WXX-1", False),
])
def test_times_durations_and_sets(pipeline, finder, sentence, expression, type_, value, approximate):
    _, times = times_in(pipeline, finder, sentence)
    time = the_time(times, expression)
    assert (time.type, time.value, time.extra["approximate"]) == (type_, value, approximate)


def test_times_anniversary_keeps_its_offset_without_inventing_a_date(pipeline, finder):
    _, times = times_in(pipeline, finder, "Crowds gathered for the fifth anniversary of the flood.")
    time = the_time(times, "the fifth anniversary")
    assert (time.type, time.value, time.extra["offset"], time.extra["basis"]) == ("date", None, "P5Y", "unknown")


def test_times_character_offsets_point_at_the_expression(pipeline, finder):
    text = "The ministers met on Sunday, and will meet again next week."
    _, times = times_in(pipeline, finder, text)
    assert [text[t.start:t.end] for t in times] == [t.text for t in times] == ["Sunday", "next week"]
    assert the_time(times, "next week").value == "2020-W08"


def test_times_without_publication_date_stay_unresolved(pipeline, finder):
    text = "The ministers met on Sunday, two days after the treaty of January 3, 2020 was signed yesterday."
    _, times = times_in(pipeline, finder, text, published=None)
    sunday, explicit, yesterday = the_time(times, "Sunday"), the_time(times, "January 3, 2020"), \
        the_time(times, "yesterday")
    assert (sunday.value, sunday.extra["basis"], sunday.extra["anchor"]) == (None, "unknown", None)
    assert (yesterday.value, yesterday.extra["basis"]) == (None, "unknown")
    assert (explicit.value, explicit.extra["basis"]) == ("2020-01-03", "explicit")


def test_times_numbers_alone_anchor_expressions(pipeline, finder):
    _, times = times_in(pipeline, finder, "The plant, built in the 1970s, opened in 1998 and was sold on 3/4/2009.")
    assert [(t.text, t.value) for t in times] == [("the 1970s", "197"), ("1998", "1998"), ("3/4/2009", "2009-03-04")]


def test_times_token_anchors_find_what_a_text_scan_finds(pipeline, finder):
    text = ("Two days ago, on Monday, the council said that in the summer of 2018 it had met every week; by "
            "FY2021 it met monthly, and next Tuesday at 3 p.m. it will meet for the first time since March 3. "
            "Nowadays the fourth anniversary of the flood, in the 1990s, is barely recalled, the mayor said "
            "yesterday evening, a decade after the second quarter of 2009.")
    doc = pipeline.nlp(text)
    by_text = [(f.start, f.end, f.rule.name) for f in finder.grammar.scan(text)]
    by_tokens = [(f.start, f.end, f.rule.name) for f in finder.grammar.scan(text, finder._keys(doc))]
    assert by_tokens == by_text
    assert ("FY2021", "fiscal_year") in [(text[start:end], rule) for start, end, rule in by_text]
    assert len(by_text) >= 14


def test_times_lowercase_month_words_are_not_dates(pipeline, finder):
    _, times = times_in(pipeline, finder, "Residents may march to the governor's office.")
    assert times == []


@pytest.mark.parametrize("row, message", [
    ("janvier\tmonth\t13", "does not fit kind"),
    ("fortnight\tperiod\t14", "unknown kind"),
])
def test_times_word_file_errors_name_the_line(tmp_path, row, message):
    (tmp_path / "time_words.tsv").write_text("word\tkind\tvalue\n" + row + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=message) as error:
        TimeWords.load([tmp_path])
    assert "time_words.tsv:2" in str(error.value)


# -- event dates ---------------------------------------------------------------------------------------------


def trigger(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


@pytest.mark.parametrize("sentence, word, value, precision, basis", [
    ("The rebels had seized the town in 2015, officials said on Tuesday.", "seized", "2015", "year",
     "explicit"),
    ("The rebels had seized the town in 2015, officials said on Tuesday.", "said", "2020-02-11", "day",
     "relative"),
    ("Officials said on Monday that the militia had attacked the convoy.", "attacked", None, "unknown",
     "unknown"),
    ("Troops killed five protesters last week, witnesses said.", "killed", "2020-02", "month", "relative"),
    ("The army is shelling the northern suburbs.", "shelling", PUBLISHED, "day", "publication"),
    ("The army has closed the border crossing.", "closed", PUBLISHED, "day", "publication"),
    ("The army shelled the northern suburbs.", "shelled", None, "unknown", "unknown"),
    ("In March 2018 the army shelled the northern suburbs.", "shelled", "2018-03", "month", "explicit"),
])
def test_times_event_date_follows_the_clause(pipeline, finder, sentence, word, value, precision, basis):
    doc, times = times_in(pipeline, finder, sentence)
    date = event_date(doc, trigger(doc, word), times, PUBLISHED)
    assert (date.value, date.precision, date.basis) == (value, precision, basis)


def test_times_event_date_skips_durations(pipeline, finder):
    doc, times = times_in(pipeline, finder, "The city was besieged for around three months.")
    date = event_date(doc, trigger(doc, "besieged"), times, PUBLISHED)
    assert (date.value, date.basis) == (None, "unknown")


def test_times_event_date_without_publication_date_is_unknown(pipeline, finder):
    doc, times = times_in(pipeline, finder, "The ministers met on Sunday in the capital.", published=None)
    date = event_date(doc, trigger(doc, "met"), times, None)
    assert (date.value, date.precision, date.basis, date.text) == (None, "unknown", "unknown", "Sunday")


def test_times_founding_example_dates(pipeline, finder, founding):
    doc = pipeline.nlp(founding.article.text)
    times = finder.find(doc, founding.article.published)
    meeting = event_date(doc, trigger(doc, "met"), times, founding.article.published)
    strike = event_date(doc, trigger(doc, "assassinated"), times, founding.article.published)
    assert (meeting.value, meeting.precision, meeting.basis) == ("2023-12-31", "day", "relative")
    assert (strike.value, strike.precision, strike.basis) == ("2020-01", "month", "explicit")
    months = the_time(times, "around three months")
    assert (months.type, months.value, months.extra["approximate"]) == ("duration", "P3M", True)
