from __future__ import annotations

import pytest

from newsledger.ingest.fields import FIELD_NAMES, as_text, find_fields


@pytest.mark.parametrize(("field", "names"), list(FIELD_NAMES.items()))
def test_fields_every_common_name_is_recognised(field: str, names: tuple[str, ...]) -> None:
    for name in names:
        assert find_fields({name: "2023-05-01"}, {})[field] == (name, "2023-05-01")


@pytest.mark.parametrize(("record", "field", "found"), [
    ({"id": "", "article_id": "a-7", "doc_id": "d-9"}, "id", ("article_id", "a-7")),
    ({"text": "  ", "body": None, "content": "Fishermen protested."}, "text", ("content", "Fishermen protested.")),
    ({"source_url": "https://a.example/1", "link": "https://b.example/2"}, "url", ("link", "https://b.example/2")),
    ({"source_url": "https://a.example/1"}, "url", ("source_url", "https://a.example/1")),
    ({"source": {"id": "bbc-news", "name": "BBC News"}}, "outlet", ("source", "BBC News")),
    ({"source": {"id": "bbc-news", "name": None}, "publisher": "BBC"}, "outlet", ("publisher", "BBC")),
    ({"id": 12345}, "id", ("id", "12345")),
    ({"id": 12345.0}, "id", ("id", "12345")),
    ({"Title": "Harbour blockade"}, "title", ("Title", "Harbour blockade")),
    ({"BODY ": "Fishermen protested."}, "text", ("BODY ", "Fishermen protested.")),
    ({"text": ["First paragraph.", "", "Second paragraph."]}, "text",
     ("text", "First paragraph.\n\nSecond paragraph.")),
])
def test_fields_first_present_non_empty_name_wins(record: dict, field: str, found: tuple[str, str]) -> None:
    assert find_fields(record, {})[field] == found


def test_fields_override_replaces_the_common_names() -> None:
    record = {"text": "Summary.", "story_body": "Fishermen protested.", "paper": "Coast Herald"}
    found = find_fields(record, {"text": "story_body", "outlet": "paper"})
    assert found["text"] == ("story_body", "Fishermen protested.")
    assert found["outlet"] == ("paper", "Coast Herald")
    assert "text" not in find_fields(record, {"text": "missing_field"})


@pytest.mark.parametrize("value", [None, "", "   ", True, [], {}, {"id": "x"}, object()])
def test_fields_empty_or_unusable_values_are_none(value: object) -> None:
    assert as_text(value) is None
