"""The array annotator writes what the model's own attribute ruler and lemmatizer write, token for token."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from newsledger.nlp import annotate
from newsledger.nlp.annotate import Memo, fast_annotator
from newsledger.nlp.model import load_model, parse

ATTRS = [ORTH, LEMMA, POS, TAG, MORPH, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]

TEXTS = [
    "Foreign Minister Leila Haddad arrived in Ankara on Monday for talks on aid to the Gaza Strip.",
    # the ruler's exceptions: pronouns, auxiliaries, contractions, two-token rules, whitespace tokens
    "I told them we'd go, but he's gonna say it ain't so.\n\nThere were  rockets; she'd had enough, hadn't she?",
    "Y'all let's see: nothin' was done and they've got ta leave. Those who did it were arrested by him.",
    "The ministers met again.\n\n\nOfficials said the talks would continue in Amman on Tuesday.\n",
    "Somebody fired at them; nobody knows whether anything will change once the sanctions are lifted.",
    "",
    "   ",
]


def _arrays(docs):
    return [doc.to_array(ATTRS) for doc in docs]


@pytest.mark.parametrize("max_chars", [None, 60])
def test_annotate_matches_the_models_components(pipeline, max_chars):
    assert pipeline.annotator is not None
    texts = TEXTS * 2  # the second pass reads the lemma memo
    expected = list(parse(pipeline.nlp, texts, max_chars=max_chars))
    got = list(parse(pipeline.nlp, texts, max_chars=max_chars, annotator=pipeline.annotator))
    for want, have in zip(_arrays(expected), _arrays(got), strict=True):
        assert numpy.array_equal(want, have)
    for want, have in zip(expected, got, strict=True):
        assert [(t.lemma_, t.pos_, str(t.morph)) for t in want] == [(t.lemma_, t.pos_, str(t.morph)) for t in have]


def test_annotate_with_memos_that_turn_over_many_times_writes_the_same_and_stays_bounded(pipeline, monkeypatch):
    monkeypatch.setattr(annotate, "MEMO_GENERATION", 8)
    annotator = fast_annotator(pipeline.nlp)
    texts = TEXTS * 3
    expected = list(parse(pipeline.nlp, texts))
    got = list(parse(pipeline.nlp, texts, annotator=annotator))
    for want, have in zip(_arrays(expected), _arrays(got), strict=True):
        assert numpy.array_equal(want, have)
    assert len({token.orth for doc in got for token in doc}) > 10 * 8  # far more than a generation takes
    for memo in (annotator.memo, annotator.ruled, annotator.lemmas):
        assert 0 < len(memo) <= 2 * 8


def test_memo_keeps_what_is_in_use_and_lets_go_of_the_rest():
    memo = Memo(generation=3)
    for key in "abc":
        memo.put(key, key.upper())
    for key in "defg":  # "a" is read in every generation; "b" and "c" are not read again
        assert memo.get("a") == "A"
        memo.put(key, key.upper())
    assert memo.get("a") == "A"
    assert memo.get("b") is None and memo.get("c") is None
    assert memo.get("g") == "G"
    assert len(memo) <= 6


def test_annotate_declines_a_pipeline_it_cannot_reproduce():
    nlp = load_model()
    nlp.get_pipe("attribute_ruler").add([[{"ENT_TYPE": "GPE"}]], {"POS": "PROPN"})
    assert fast_annotator(nlp) is None
    nlp = load_model()
    nlp.remove_pipe("lemmatizer")
    assert fast_annotator(nlp) is None
