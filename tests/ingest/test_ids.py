from __future__ import annotations

import re

import pytest

from newsledger.ingest import content_id

TEXT = "Rescue teams reached the flooded villages on Tuesday."


def test_ids_content_id_is_stable_and_shaped() -> None:
    first = content_id(TEXT, "Valley Courier", "2022-08-02")
    assert first == content_id(TEXT, "Valley Courier", "2022-08-02")
    assert re.fullmatch(r"nl-[0-9a-f]{16}", first)


@pytest.mark.parametrize(("text", "outlet", "published"), [
    (TEXT + " ", "Valley Courier", "2022-08-02"),
    (TEXT, "Valley Courier Online", "2022-08-02"),
    (TEXT, "Valley Courier", "2022-08-03"),
    (TEXT, None, "2022-08-02"),
    (TEXT, "Valley Courier", None),
])
def test_ids_content_id_changes_with_each_input(text: str, outlet: str | None, published: str | None) -> None:
    assert content_id(text, outlet, published) != content_id(TEXT, "Valley Courier", "2022-08-02")


def test_ids_content_id_does_not_confuse_field_boundaries() -> None:
    assert content_id("b", "a", None) != content_id("ab", None, None)
