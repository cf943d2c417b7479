from __future__ import annotations

import re

import pytest

from newsledger.ingest import repair_text
from newsledger.ingest.repair import clean_line


@pytest.mark.parametrize(("raw", "repaired"), [
    ("cafe\u0301 owners", "café owners"),  # NFC
    ("first line\r\nsecond line", "first line\nsecond line"),
    ("first line\rsecond line", "first line\nsecond line"),
    ("cease\u200bfire", "ceasefire"),
    ("cease\u200cfire", "ceasefire"),
    ("cease\u200dfire", "ceasefire"),
    ("cease\u2060fire", "ceasefire"),
    ("\ufeffThe minister arrived", "The minister arrived"),
    ("negoti\u00adations resumed", "negotiations resumed"),
    ("10\u00a0000 troops", "10 000 troops"),
    ("Prime\u2009Minister", "Prime Minister"),
    ("45\u202fkm north", "45 km north"),
    ("Tokyo\u3000talks", "Tokyo talks"),
    ("the   talks\t\tcollapsed", "the talks collapsed"),
    ("talks collapsed   \n   after midnight", "talks collapsed\nafter midnight"),
    ("first paragraph\n\n\n\n\nsecond paragraph", "first paragraph\n\nsecond paragraph"),
    ("first paragraph\n \n \t \nsecond paragraph", "first paragraph\n\nsecond paragraph"),
    ("  \n\n The army withdrew. \n\n ", "The army withdrew."),
    ("sirens\x07 sounded", "sirens sounded"),
    ("line one\u2028line two", "line one\nline two"),
])
def test_repair_normalises_characters_and_whitespace(raw: str, repaired: str) -> None:
    assert repair_text(raw) == repaired


@pytest.mark.parametrize(("raw", "repaired"), [
    ("met the commander.At the meeting", "met the commander. At the meeting"),
    ("the martyr’s sincerity.“The most", "the martyr’s sincerity. “The most"),
    ("must continue.”In the meeting", "must continue.” In the meeting"),
    ("Was it planned?The ministry declined", "Was it planned? The ministry declined"),
    ("Enough!Protesters shouted", "Enough! Protesters shouted"),
    ("they waited…Then the shelling began", "they waited… Then the shelling began"),
    ("said the IRGC.The statement", "said the IRGC. The statement"),
    ("in late 2019.Troops", "in late 2019. Troops"),
    ("reported (AFP).Officials", "reported (AFP). Officials"),
    ("he said.\"We will respond", "he said.\" We will respond"),
])
def test_repair_restores_space_in_glued_sentences(raw: str, repaired: str) -> None:
    assert repair_text(raw) == repaired


@pytest.mark.parametrize("text", [
    "troops of the U.S.Army moved",
    "a U.N.Security Council vote",
    "author J.K.Rowling spoke",
    "inflation rose 3.5 percent",
    "version 1.2.3 of the app",
    "see https://www.Example.com/Path for details",
    "see http://news.Example.org/World?Id=3 for details",
    "visit www.Foo.Org for more",
    "write to John.Smith@Example.com today",
    "write to desk@www.Foo.Org today",
    "the leaked report.pdf was shared",
    "posted on example.com yesterday",
    "the commander.at the meeting",  # a lowercase start is not a sentence start
])
def test_repair_never_splits_abbreviations_numbers_urls_emails_or_files(text: str) -> None:
    assert repair_text(text) == text


@pytest.mark.parametrize("text", [
    "The talks  resumed.At noon\r\n\r\n\r\nthe envoy left.“We hope”, he said.",
    "  U.S.  officials\u00a0met.Then\n\n\n\nthey left ",
])
def test_repair_is_idempotent(text: str) -> None:
    once = repair_text(text)
    assert repair_text(once) == once


def test_repair_fixes_the_founding_example(shared) -> None:
    body = (shared / "examples" / "islam-times-2023-12-31.txt").read_text(encoding="utf-8")
    repaired = repair_text(body)
    for fixed in ("commander. At the meeting", "sincerity. “The most", "continue.” In the meeting",
                  "Khamenei added. Associating", "moral manner. The Leader", "General Soleimani. In January 2020"):
        assert fixed in repaired
    assert "Lt. General" in repaired
    assert re.search(r"[a-z][.?!][”’]?[A-Z“]", repaired) is None


@pytest.mark.parametrize(("raw", "cleaned"), [
    ("  Strike\n on   the\tport ", "Strike on the port"),
    ("Harbour\u00a0Gazette\u200b", "Harbour Gazette"),
    (" \n ", None),
    (None, None),
])
def test_repair_clean_line_puts_titles_and_outlets_on_one_line(raw: str | None, cleaned: str | None) -> None:
    assert clean_line(raw) == cleaned
