"""Time expressions on the TempEval-3 platinum test set (20 articles, 138 TIMEX3 in the text), against dateparser.

Each article's text is the content of its ``<TEXT>`` element with the tags removed; its ``<DCT>`` value is the
publication date every system normalises against. The document-creation times themselves are not scored.

How it is counted:

- span strict: a predicted expression counts when its character offsets equal a gold one's; relaxed: when it
  overlaps one (pairs are matched one to one, in text order). Precision, recall and F1 over all expressions.
- value accuracy (strict): of the gold expressions matched (relaxed), the share whose predicted TIMEX3 value is
  exactly the gold value string; ``value F1`` is TempEval-3's figure: a pair counts only when matched and its
  value is exact, over all predicted (precision) and all gold (recall) expressions.
- on gold spans: each system is given the gold span text (and, for newsledger, the parse around it) and only
  normalises it; value accuracy over all 138. dateparser used naively is ``dateparser.parse`` with the DCT as its
  relative base, a parsed date written as YYYY-MM-DD and anything unparsed counted wrong.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from newsledger.extract.times import TimeFinder

NAME = "TempEval-3 platinum times"
_TAG = re.compile(r"<(/?)([A-Za-z0-9]+)([^>]*)>")
_ATTRIBUTE = re.compile(r'(\w+)="([^"]*)"')


@dataclass
class Gold:
    start: int
    end: int
    text: str
    type: str
    value: str


@dataclass
class Document:
    name: str
    dct: str
    text: str
    gold: list[Gold] = field(default_factory=list)


def read_tml(path: Path) -> Document:
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r'<DCT>.*?value="([0-9-]{10})', raw, re.S).group(1)
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    parts: list[str] = []
    length, open_timex, gold = 0, None, []
    position = 0
    for tag in _TAG.finditer(body):
        chunk = html.unescape(body[position:tag.start()])
        parts.append(chunk)
        length += len(chunk)
        position = tag.end()
        closing, name, attributes = tag.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTRIBUTE.findall(attributes)))
        elif open_timex is not None:
            start, attrs = open_timex
            gold.append(Gold(start, length, "", attrs.get("type", "").lower(), attrs.get("value", "")))
            open_timex = None
    parts.append(html.unescape(body[position:]))
    text = "".join(parts)
    for g in gold:
        g.text = text[g.start:g.end]
    return Document(path.stem, dct, text, gold)


def match_relaxed(gold: list, predicted: list) -> list[tuple]:
    """One-to-one pairs (gold, predicted) of overlapping spans, in text order."""
    pairs, used = [], set()
    for g in gold:
        for k, p in enumerate(predicted):
            if k not in used and p.start < g.end and g.start < p.end:
                pairs.append((g, p))
                used.add(k)
                break
    return pairs


def prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def naive_dateparser(text: str, dct: str) -> str | None:
    import dateparser

    parsed = dateparser.parse(text, languages=["en"], settings={"RELATIVE_BASE": datetime.fromisoformat(dct)})
    return parsed.strftime("%Y-%m-%d") if parsed else None


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    folder = shared / "peers" / "temporal" / "te3-platinum"
    documents = [read_tml(p) for p in sorted(folder.glob("*.tml"))][:limit]
    docs = list(pipeline.nlp.pipe([d.text for d in documents]))
    systems = {"newsledger": TimeFinder(), "newsledger (rules only)": TimeFinder(use_dateparser=False)}
    rows: list[dict] = []
    n_gold = sum(len(d.gold) for d in documents)

    def row(system: str, metric: str, value: float, n: int = n_gold) -> None:
        rows.append({"eval": NAME, "system": system, "metric": metric, "value": value, "n": n})

    for system, finder in systems.items():
        strict = relaxed = correct = predicted = types = 0
        for document, doc in zip(documents, docs):
            found = finder.find(doc, document.dct)
            predicted += len(found)
            strict += len({(g.start, g.end) for g in document.gold} & {(t.start, t.end) for t in found})
            pairs = match_relaxed(document.gold, found)
            relaxed += len(pairs)
            correct += sum(g.value == p.value for g, p in pairs)
            types += sum(g.type == p.type for g, p in pairs)
        for kind, hits in (("strict", strict), ("relaxed", relaxed)):
            for metric, value in prf(hits, predicted, n_gold).items():
                row(system, f"span {kind} {metric}", value)
        row(system, "value accuracy", correct / relaxed if relaxed else 0.0, relaxed)
        row(system, "value F1", prf(correct, predicted, n_gold)["f1"])
        row(system, "type accuracy", types / relaxed if relaxed else 0.0, relaxed)
    finder = systems["newsledger"]
    ours = naive = 0
    for document, doc in zip(documents, docs):
        for g in document.gold:
            time = finder.normalise(doc, g.start, g.end, document.dct)
            ours += time is not None and time.value == g.value
            naive += naive_dateparser(g.text, document.dct) == g.value
    row("newsledger", "value acc. gold spans", ours / n_gold)
    row("dateparser (naive)", "value acc. gold spans", naive / n_gold)
    return rows


if __name__ == "__main__":
    import sys

    from newsledger import Pipeline

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from evaluation.run import SHARED, print_table

    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print_table(evaluate(Pipeline(), SHARED, limit))
