from __future__ import annotations

from newsledger.ingest import content_id

STORY = "Fishermen blocked the harbour on Monday.Police watched.\r\n\r\n\r\nThe union demanded cheaper fuel.\n"


def test_plaintext_is_one_article_with_metadata_from_options(write, read) -> None:
    articles, rejects = read(write("story.txt", STORY), outlet=" Coast\u00a0Herald ", published="May 1, 2023")
    assert rejects == []
    [article] = articles
    text = "Fishermen blocked the harbour on Monday. Police watched.\n\nThe union demanded cheaper fuel."
    assert (article.text, article.outlet, article.published, article.title, article.line) == (
        text, "Coast Herald", "2023-05-01", None, 1)
    assert article.id == content_id(text, "Coast Herald", "2023-05-01")


def test_plaintext_without_options_has_no_metadata(write, read) -> None:
    [article], _ = read(write("story.txt", STORY))
    assert (article.outlet, article.published) == (None, None)


def test_plaintext_undecodable_file_is_rejected_at_the_bad_line(write, read) -> None:
    articles, rejects = read(write("story.txt", b"Fishermen protested.\n\nPrices rose 5\x96 today.\n"))
    assert articles == []
    assert [(r.line, r.reason) for r in rejects] == [(3, "file is not valid utf-8 (byte 0x96)")]
    articles, rejects = read(write("story.txt", b"Fishermen protested.\n\nPrices rose 5\x96 today.\n"),
                             encoding="cp1252")
    assert articles[0].text.endswith("Prices rose 5\u2013 today.")


def test_plaintext_of_invisible_characters_is_an_empty_text_reject(write, read) -> None:
    articles, rejects = read(write("story.txt", "\u200b\u00ad\n"))
    assert [(r.line, r.reason) for r in rejects] == [(1, "empty text in the file after repair")]
