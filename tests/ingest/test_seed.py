from __future__ import annotations

import pytest

SEED_FILE = """\
 date 2023-05-01 Coast Herald - Fishermen blocked the harbour entrance on Monday.Police watched from the quay.

They demanded lower fuel prices.
date 2023-05-02 Coast Herald - The ministry agreed to meet the union.
\tdate 2023-05-03 Inland Post - Talks continued into the night.


The union called them constructive.
"""


def test_seed_reads_each_article_with_its_start_line(write, read) -> None:
    articles, rejects = read(write("seed.txt", SEED_FILE))
    assert rejects == []
    assert [(a.line, a.outlet, a.published) for a in articles] == [
        (1, "Coast Herald", "2023-05-01"), (4, "Coast Herald", "2023-05-02"), (5, "Inland Post", "2023-05-03")]
    assert articles[0].text == ("Fishermen blocked the harbour entrance on Monday. Police watched from the quay.\n\n"
                                "They demanded lower fuel prices.")
    assert articles[2].text == "Talks continued into the night.\n\nThe union called them constructive."
    assert all(a.title is None and a.id.startswith("nl-") for a in articles)


@pytest.mark.parametrize(("bad_header", "reason", "fix"), [
    ("date 2023-13-45 Coast Herald - Boats returned to port.", "impossible date '2023-13-45' in the seed line",
     "use a real calendar date"),
    ("date 2023-02-30 Coast Herald - Boats returned to port.", "impossible date '2023-02-30' in the seed line",
     "use a real calendar date"),
    ("date 2023-05-02 Coast Herald Boats returned to port.", "malformed seed line",
     "'date YYYY-MM-DD Outlet - body'"),
    ("date 2023/05/02 Coast Herald - Boats returned to port.", "malformed seed line",
     "'date YYYY-MM-DD Outlet - body'"),
    ("date 2023-05-02 Coast Herald - ", "empty text in the article body", "give the record a body"),
])
def test_seed_rejects_a_bad_article_and_keeps_the_others(write, read, bad_header: str, reason: str,
                                                         fix: str) -> None:
    text = ("date 2023-05-01 Coast Herald - Fishermen protested.\n"
            f"{bad_header}\n\n"
            "date 2023-05-03 Coast Herald - The strike ended.\n")
    articles, rejects = read(write("seed.txt", text))
    assert [a.line for a in articles] == [1, 4]
    assert [(r.line, r.reason.startswith(reason)) for r in rejects] == [(2, True)]
    assert rejects[0].raw.startswith(bad_header.rstrip())
    assert fix in rejects[0].fix


def test_seed_rejects_text_before_the_first_seed_line_when_forced(write, read) -> None:
    text = "Compiled by the night desk.\n\ndate 2023-05-01 Coast Herald - Fishermen protested.\n"
    articles, rejects = read(write("seed.txt", text), format="seed")
    assert [a.line for a in articles] == [3]
    assert [(r.line, r.reason) for r in rejects] == [(1, "text before the first seed line")]


def test_seed_rejects_only_the_article_with_undecodable_bytes(write, read) -> None:
    data = (b"date 2023-05-01 Coast Herald - Fishermen protested.\n"
            b"date 2023-05-02 Coast Herald - Prices fell 5\xff today.\n"
            b"The union welcomed it.\n"
            b"date 2023-05-03 Coast Herald - The strike ended.\n")
    articles, rejects = read(write("seed.txt", data))
    assert [a.line for a in articles] == [1, 4]
    assert [r.line for r in rejects] == [2]
    assert "not valid utf-8 (byte 0xff)" in rejects[0].reason
    assert "--encoding" in rejects[0].fix


def test_seed_reads_the_founding_example(shared, read) -> None:
    articles, rejects = read(str(shared / "examples" / "islam-times-2023-12-31.txt"))
    assert rejects == []
    [article] = articles
    assert (article.outlet, article.published, article.line) == ("Islam Times", "2023-12-31", 1)
    assert article.text.startswith("Leader of the Islamic Revolution")
    assert "commander. At the meeting" in article.text
