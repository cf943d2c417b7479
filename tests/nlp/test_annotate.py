"""The array annotator writes what the model's own attribute ruler and lemmatizer write, token for token."""

from __future__ import annotations

import numpy
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, ORTH, POS, SENT_START, TAG

from newsledger.nlp.annotate import fast_annotator
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


def test_annotate_declines_a_pipeline_it_cannot_reproduce():
    nlp = load_model()
    nlp.get_pipe("attribute_ruler").add([[{"ENT_TYPE": "GPE"}]], {"POS": "PROPN"})
    assert fast_annotator(nlp) is None
    nlp = load_model()
    nlp.remove_pipe("lemmatizer")
    assert fast_annotator(nlp) is None
