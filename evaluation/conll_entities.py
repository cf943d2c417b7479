"""Name mentions on the CoNLL-2003 English test set, against bare spaCy NER on the same texts.

Both systems' spans are mapped to CoNLL's types (PERSON → PER; ORG → ORG; GPE, LOC, FAC → LOC) and scored by exact
span and type on PER, ORG and LOC (MISC is left out: newsledger keeps nationalities as NORP, not CoNLL's MISC).
Titles that newsledger keeps inside a mention (``President Clinton``) are stripped for scoring, since CoNLL's
spans leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsledger.extract.lexicons import name_key
from newsledger.records import Article

TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


@dataclass
class Document:
    text: str
    gold: set[tuple[int, int, str]]


def read_conll(path: Path) -> list[Document]:
    """Documents rebuilt from the token file: tokens joined by spaces, sentences by newlines."""
    documents, tokens, gold = [], [], set()
    text_parts: list[str] = []
    offset = 0
    current: tuple[int, int, str] | None = None

    def close_entity() -> None:
        nonlocal current
        if current is not None:
            gold.add(current)
            current = None

    def close_document() -> None:
        nonlocal text_parts, gold, offset
        close_entity()
        text = "".join(text_parts).strip()
        if text:
            documents.append(Document(text, {g for g in gold if g[2] != "MISC"}))
        text_parts, gold, offset = [], set(), 0

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_document()
            continue
        if not line.strip():
            close_entity()
            if text_parts and not text_parts[-1].endswith("\n"):
                text_parts[-1] = text_parts[-1].rstrip(" ") + "\n"
                offset = sum(len(p) for p in text_parts)
            continue
        word, _, _, tag = line.split()
        start = offset
        text_parts.append(word + " ")
        offset += len(word) + 1
        kind = tag[2:] if tag != "O" else None
        if kind is None or tag.startswith("B-") or (current is not None and current[2] != kind):
            close_entity()
        if kind is not None:
            current = (current[0], start + len(word), kind) if current else (start, start + len(word), kind)
    close_document()
    return documents


def _strip_titles(pipeline, text: str, start: int, end: int) -> int:
    words = text[start:end].split(" ")
    keys = [name_key(w) for w in words]
    position, shift = 0, 0
    while position < len(keys) - 1:
        found = pipeline.lexicons.title_at(keys, position)
        if found is None:
            break
        for _ in range(found[0]):
            shift += len(words[position]) + 1
            position += 1
    return start + shift


def score(gold: set, predicted: set) -> dict[str, float]:
    hits = len(gold & predicted)
    precision = hits / len(predicted) if predicted else 0.0
    recall = hits / len(gold) if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    path = shared / "peers" / "ner" / "eng.testb"
    documents = read_conll(path)[:limit]
    gold, ours, bare = set(), set(), set()
    articles = [Article(id=str(n), text=d.text) for n, d in enumerate(documents)]
    docs = pipeline.nlp.pipe([a.text for a in articles], batch_size=32)
    for n, (analysis, doc) in enumerate(zip(pipeline.analyze_many(articles), docs)):
        gold |= {(n, *g) for g in documents[n].gold}
        for entity in analysis.entities:
            kind = TYPES.get(entity.type)
            if kind is None:
                continue
            for mention in entity.mentions:
                if mention.text.lower().startswith("the "):
                    continue  # role references ("the minister") are not names
                ours.add((n, _strip_titles(pipeline, doc.text, mention.start, mention.end), mention.end, kind))
        bare |= {(n, e.start_char, e.end_char, TYPES[e.label_]) for e in doc.ents if e.label_ in TYPES}
    rows = []
    for system, predicted in (("newsledger", ours), ("spaCy NER (bare)", bare)):
        for kind in ("PER", "ORG", "LOC", "all"):
            g = {x for x in gold if kind == "all" or x[3] == kind}
            p = {x for x in predicted if kind == "all" or x[3] == kind}
            for metric, value in score(g, p).items():
                rows.append({"eval": "CoNLL-2003 test name mentions", "system": system,
                             "metric": f"{kind} {metric}", "value": value, "n": len(g)})
    return rows
