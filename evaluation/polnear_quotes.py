"""Quotations and their speakers on the PolNeAR test split, against textacy's ``direct_quotations``.

PolNeAR annotates attributions (source, cue, content) with character offsets in BRAT files, one file per article
and annotator; the first annotator's file (by name) is used for articles annotated twice. Texts are parsed as they
are (no text repair), so offsets agree. Spans match when they share a character; only letters and digits count
for the character-level scores, so quote marks, spaces and punctuation at the edges do not matter.

- *direct quotes* are attributions whose content begins with a quote mark. A predicted quotation that falls in a
  mixed attribution (paraphrase with a quoted part, ``the mayor "will not resign," aides said``) is left out of
  precision, since PolNeAR annotates those words inside a larger content;
- *speaker accuracy*: of the gold direct quotes (with a source) that a system found, the share whose speaker as
  written (the local words, ``he`` or ``the paper``: PolNeAR marks those, not the resolved person) overlaps the
  gold source; *speaker recall* counts over all gold direct quotes with a source;
- *source-cue-content recall*: of all attributions (direct, indirect, mixed) with a source, the share found with
  content, cue and speaker each overlapping the gold ones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

EVAL = "PolNeAR test attributions"
_QUOTE_START = re.compile(r"^\s*(?:''|``|[\"“‘'«])")
_QUOTE_MARK = re.compile(r"''|``|[\"“”‘’«»]")

Range = tuple[int, int]


@dataclass
class Attribution:
    content: list[Range]
    cue: list[Range]
    source: list[Range]
    direct: bool = False
    mixed: bool = False


@dataclass
class Predicted:
    kind: str
    content: Range
    cue: Range | None
    speaker: Range | None


@dataclass
class Article:
    name: str
    text: str
    gold: list[Attribution] = field(default_factory=list)


def read_polnear(root: Path) -> list[Article]:
    files: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        files.setdefault(path.stem.rsplit("_", 1)[0], path)
    articles = []
    for name, path in sorted(files.items()):
        text = (root / "text" / f"{name}.txt").read_text(encoding="utf-8")
        articles.append(Article(name, text, _read_ann(path, text)))
    return articles


def _read_ann(path: Path, text: str) -> list[Attribution]:
    spans: dict[str, list[Range]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if line.startswith("T") and len(parts) >= 2:
            _, _, offsets = parts[1].partition(" ")
            spans[parts[0]] = [(int(a), int(b)) for a, b in (r.split() for r in offsets.split(";"))]
        elif line.startswith("E") and len(parts) >= 2:
            events.append(dict(item.split(":", 1) for item in parts[1].split()))
    gold = []
    for event in events:
        content = spans.get(event.get("Content", ""), [])
        if not content:
            continue
        words = text[content[0][0]:content[-1][1]]
        gold.append(Attribution(content, spans.get(event.get("Cue", ""), []), spans.get(event.get("Source", ""), []),
                                direct=bool(_QUOTE_START.match(words)),
                                mixed=not _QUOTE_START.match(words) and bool(_QUOTE_MARK.search(words))))
    return gold


def _chars(text: str, ranges: list[Range]) -> set[int]:
    return {i for start, end in ranges for i in range(start, end) if text[i].isalnum()}


def _overlaps(a: list[Range], b: list[Range]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def ours(pipeline, finder, doc) -> list[Predicted]:
    index = pipeline.entities.build(doc, pipeline.mentions.find(doc))
    predicted = []
    for quote in finder.find(doc, index):
        extra = quote.extra
        cue = (extra["cue_start"], extra["cue_end"]) if extra.get("cue_start") is not None else None
        speaker = (extra["speaker_start"], extra["speaker_end"]) if extra.get("speaker_start") is not None else None
        predicted.append(Predicted(quote.kind, (quote.start, quote.end), cue, speaker))
    return predicted


def textacy_quotes(doc) -> list[Predicted]:
    """textacy's triples; it refuses a text with an odd number of quote marks (ValueError): no quotes then."""
    from textacy.extract.triples import direct_quotations

    predicted = []
    try:
        triples = list(direct_quotations(doc))
    except ValueError:
        return []
    for triple in triples:
        speaker = (triple.speaker[0].idx, triple.speaker[-1].idx + len(triple.speaker[-1])) if triple.speaker else None
        cue = (triple.cue[0].idx, triple.cue[-1].idx + len(triple.cue[-1])) if triple.cue else None
        predicted.append(Predicted("direct", (triple.content.start_char, triple.content.end_char), cue, speaker))
    return predicted


def score(articles: list[Article], predictions: list[list[Predicted]]) -> dict[str, tuple[float, int]]:
    counts = dict.fromkeys(("pred", "pred_ok", "gold", "gold_found", "with_source", "found_with_source",
                            "speaker_ok", "chars_gold", "chars_pred", "chars_both", "all", "all_content",
                            "all_cue", "all_full"), 0)
    for article, predicted in zip(articles, predictions):
        _score_direct(article, [p for p in predicted if p.kind == "direct"], counts)
        _score_all(article, predicted, counts)
    return _figures(counts)


def _score_direct(article: Article, predicted: list[Predicted], counts: dict[str, int]) -> None:
    text = article.text
    direct = [g for g in article.gold if g.direct]
    mixed = [g for g in article.gold if g.mixed]
    kept = [p for p in predicted if not any(_overlaps([p.content], g.content) for g in mixed)
            or any(_overlaps([p.content], g.content) for g in direct)]
    counts["pred"] += len(kept)
    counts["pred_ok"] += sum(1 for p in kept if any(_overlaps([p.content], g.content) for g in direct))
    gold_chars = set().union(*(_chars(text, g.content) for g in direct)) if direct else set()
    pred_chars = set().union(*(_chars(text, [p.content]) for p in kept)) if kept else set()
    counts["chars_gold"] += len(gold_chars)
    counts["chars_pred"] += len(pred_chars)
    counts["chars_both"] += len(gold_chars & pred_chars)
    for gold in direct:
        found = [p for p in kept if _overlaps([p.content], gold.content)]
        counts["gold"] += 1
        counts["gold_found"] += bool(found)
        if not gold.source:
            continue
        counts["with_source"] += 1
        if found:
            counts["found_with_source"] += 1
            first = min(found, key=lambda p: p.content[0])
            counts["speaker_ok"] += bool(first.speaker and _overlaps([first.speaker], gold.source))


def _score_all(article: Article, predicted: list[Predicted], counts: dict[str, int]) -> None:
    for gold in article.gold:
        if not gold.source or not gold.cue:
            continue
        found = [p for p in predicted if _overlaps([p.content], gold.content)]
        counts["all"] += 1
        counts["all_content"] += bool(found)
        counts["all_cue"] += any(p.cue and _overlaps([p.cue], gold.cue) for p in found)
        counts["all_full"] += any(p.cue and p.speaker and _overlaps([p.cue], gold.cue) and
                                  _overlaps([p.speaker], gold.source) for p in found)


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def _figures(c: dict[str, int]) -> dict[str, tuple[float, int]]:
    precision, recall = _ratio(c["pred_ok"], c["pred"]), _ratio(c["gold_found"], c["gold"])
    char_p, char_r = _ratio(c["chars_both"], c["chars_pred"]), _ratio(c["chars_both"], c["chars_gold"])
    return {
        "direct speaker accuracy": (_ratio(c["speaker_ok"], c["found_with_source"]), c["found_with_source"]),
        "direct speaker recall": (_ratio(c["speaker_ok"], c["with_source"]), c["with_source"]),
        "direct quote precision": (precision, c["pred"]),
        "direct quote recall": (recall, c["gold"]),
        "direct quote F1": (_f1(precision, recall), c["gold"]),
        "direct content char P": (char_p, c["chars_pred"]),
        "direct content char R": (char_r, c["chars_gold"]),
        "direct content char F1": (_f1(char_p, char_r), c["chars_gold"]),
        "all content recall": (_ratio(c["all_content"], c["all"]), c["all"]),
        "all content+cue recall": (_ratio(c["all_cue"], c["all"]), c["all"]),
        "all source-cue-content recall": (_ratio(c["all_full"], c["all"]), c["all"]),
    }


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    root = shared / "peers" / "quotes" / "polnear-test"
    articles = read_polnear(root)[:limit]
    finder = getattr(pipeline, "quotes", None)
    if finder is None:
        from newsledger.extract.quotes import QuoteFinder

        finder = QuoteFinder(pipeline.lexicons, pipeline.config.rules)
    docs = list(pipeline.nlp.pipe([a.text for a in articles], batch_size=16))
    systems = {"newsledger": [ours(pipeline, finder, doc) for doc in docs]}
    try:
        systems["textacy direct_quotations"] = [textacy_quotes(doc) for doc in docs]
    except ImportError:
        print("textacy unavailable: pip install textacy==0.13.0 for the baseline row")
    rows = []
    for system, predictions in systems.items():
        for metric, (value, n) in score(articles, predictions).items():
            rows.append({"eval": EVAL, "system": system, "metric": metric, "value": value, "n": n})
    return rows


if __name__ == "__main__":
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from evaluation.run import SHARED, print_table
    from newsledger import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int)
    print_table(evaluate(Pipeline(), SHARED, parser.parse_args().limit))
