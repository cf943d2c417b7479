from __future__ import annotations

import pytest

CSV = '''\
id,Outlet,date,Title,body
101,Coast Herald,5/1/2023,Fishermen protest,Fishermen blocked the harbour.
102,Coast Herald,2023-05-02,Talks,"The ministry agreed to talks.

""We will listen,"" the minister said."
103,Inland Post,"May 3, 2023",Deal,"Talks ended, a deal was signed."
'''


TSV = (
    "id\tOutlet\tdate\tTitle\tbody\n"
    "101\tCoast Herald\t5/1/2023\tFishermen protest\tFishermen blocked the harbour.\n"
    '102\tCoast Herald\t2023-05-02\tTalks\t"The ministry agreed to talks.\n\n""We will listen,"" the minister said."\n'
    "103\tInland Post\tMay 3, 2023\tDeal\tTalks ended, a deal was signed.\n"
)


@pytest.mark.parametrize(("name", "content"), [("in.csv", CSV), ("in.tsv", TSV)])
def test_delimited_reads_records_with_their_start_lines(write, read, name: str, content: str) -> None:
    articles, rejects = read(write(name, content))
    assert rejects == []
    assert [(a.id, a.outlet, a.published, a.title, a.line) for a in articles] == [
        ("101", "Coast Herald", "2023-05-01", "Fishermen protest", 2),
        ("102", "Coast Herald", "2023-05-02", "Talks", 3),
        ("103", "Inland Post", "2023-05-03", "Deal", 6)]
    assert articles[1].text == 'The ministry agreed to talks.\n\n"We will listen," the minister said.'


def test_delimited_row_with_too_many_fields_is_rejected(write, read) -> None:
    text = "id,text\n1,Fishermen protested.\n2,Talks began, then stalled.\n3,Talks ended.\n"
    articles, rejects = read(write("in.csv", text))
    assert [a.id for a in articles] == ["1", "3"]
    assert [(r.line, r.reason, r.raw) for r in rejects] == [
        (3, "CSV record has 3 fields but the header has 2", "2,Talks began, then stalled.")]
    assert "quote fields" in rejects[0].fix


def test_delimited_unclosed_quote_is_rejected_not_swallowed(write, read) -> None:
    text = 'id,text\n1,Fishermen protested.\n2,"Talks began\n'
    articles, rejects = read(write("in.csv", text))
    assert [a.id for a in articles] == ["1"]
    assert [(r.line, r.reason) for r in rejects] == [(3, "malformed CSV (unexpected end of data)")]


def test_delimited_undecodable_line_is_rejected_alone(write, read) -> None:
    data = b"id,text\n1,Fishermen protested.\n2,Prices rose 5\xff.\n3,Talks ended.\n"
    articles, rejects = read(write("in.csv", data))
    assert [(a.id, a.line) for a in articles] == [("1", 2), ("3", 4)]
    assert [(r.line, r.reason) for r in rejects] == [(3, "line is not valid utf-8 (byte 0xff)")]


def test_delimited_reads_fields_larger_than_the_csv_default_limit(write, read) -> None:
    body = "Fishermen protested. " * 10_000
    articles, rejects = read(write("in.csv", f'id,text\n1,"{body}"\n'))
    assert rejects == []
    assert articles[0].text == body.strip()


def test_delimited_header_only_is_a_reject(write, read) -> None:
    articles, rejects = read(write("in.csv", "id,title,text\n"))
    assert articles == []
    assert [(r.line, r.reason) for r in rejects] == [(None, "no articles found in the file")]


def test_delimited_missing_text_column_names_the_columns(write, read) -> None:
    articles, rejects = read(write("in.csv", "id,summary\n1,Fishermen protested.\n"))
    assert rejects[0].reason.endswith("the record has: id, summary")
    assert rejects[0].line == 2
