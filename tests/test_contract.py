"""Real output validates against the published contract and against the project's own copy of it."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from conftest import DEMO, ROOT, shared_path
from newsledger.ingest import read_articles

OWN_SCHEMA = ROOT / "docs" / "article.schema.json"


def _validators():
    own = json.loads(OWN_SCHEMA.read_text(encoding="utf-8"))
    published = json.loads(shared_path("contract", "article.schema.json").read_text(encoding="utf-8"))
    return [Draft202012Validator(own), Draft202012Validator(published)]


def test_contract_own_copy_is_a_valid_schema():
    Draft202012Validator.check_schema(json.loads(OWN_SCHEMA.read_text(encoding="utf-8")))


def test_contract_founding_example_validates_against_both(founding):
    record = founding.to_dict()
    for validator in _validators():
        errors = sorted(validator.iter_errors(record), key=str)
        assert not errors, errors[0].message


def test_contract_demo_corpus_validates_and_offsets_point_at_their_text(pipeline):
    articles = [a for a in read_articles([str(DEMO)]) if hasattr(a, "text")]
    assert len(articles) == 13
    validators = _validators()
    for analysis in pipeline.analyze_many(articles):
        record = analysis.to_dict()
        for validator in validators:
            errors = list(validator.iter_errors(record))
            assert not errors, (analysis.article.id, errors[0].message)
        text = record["article"]["text"]
        for entity in record["entities"]:
            for mention in entity["mentions"]:
                assert text[mention["start"]:mention["end"]] == mention["text"]


@pytest.mark.parametrize("key", ["entities", "events", "quotes", "places", "times", "framing"])
def test_contract_lists_are_present_even_when_empty(pipeline, key):
    record = pipeline.analyze("A short note with no names in it.").to_dict()
    assert isinstance(record[key], list)
