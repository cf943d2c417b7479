"""Loaded language on SemEval-2023 Task 3 (English): newsledger's loaded-term marks against the
``Loaded_Language`` and ``Name_Calling-Labeling`` spans.

The gold set has a train split (446 articles) and a dev split (90). The framing lexicon was reviewed against the
train split (which words annotators mark, in which senses), so the figures that say how it generalises are those
of the **dev** split, held out from that review; `make eval` prints them beside train+dev (the whole gold set,
optimistic since it includes the split the lexicon was tuned on). ``--split train`` scores the tuned-on split.

The archive is read in place with :mod:`tarfile` (never extracted). Offsets are into the article files as given,
so texts are parsed without repair. Marks of the categories ``loaded_term``, ``delegitimising_label`` and
``intensifier`` count (intensifiers such as "blatant" or "egregious" are loaded language in the task's sense).
Marks inside quotations count like any other: the gold annotates quoted speakers' loaded words too.

- *overlap* precision: the share of marks that overlap a gold span; recall: the share of gold spans that a mark
  overlaps (the gold spans are often whole phrases or clauses where the lexicon marks one word);
- *character* precision/recall (SemEval-2020 task 11 style): the share of marked characters inside gold spans,
  and of gold characters inside marks;
- the overlap precision of each category alone.

    python evaluation/semeval_loaded_language.py [--split dev|train|all] [--limit N]
"""

from __future__ import annotations

import re
import tarfile
from dataclasses import dataclass, field
from pathlib import Path

EVAL = "SemEval-2023 T3 loaded language"
ARCHIVE = Path("peers") / "propaganda" / "semeval2023_task3_en.tar.gz"
TECHNIQUES = {"Loaded_Language", "Name_Calling-Labeling"}
CATEGORIES = ("loaded_term", "delegitimising_label", "intensifier")
SPLITS = ("train", "dev")
HELD_OUT = "dev"
_ARTICLE = re.compile(r"data/en/(train|dev)-articles-subtask-3/article(\d+)\.txt$")
_LABELS = re.compile(r"data/en/(train|dev)-labels-subtask-3-spans/article(\d+)-labels-subtask-3\.txt$")


@dataclass
class Article:
    id: str
    text: str = ""
    gold: list[tuple[int, int]] = field(default_factory=list)


def read_semeval(path: Path, split: str | None = None) -> list[Article]:
    """The articles with their gold spans, of one split (``train`` or ``dev``) or of both."""
    articles: dict[str, Article] = {}
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            article, labels = _ARTICLE.search(member.name), _LABELS.search(member.name)
            if not member.isfile() or not (article or labels):
                continue
            key = "/".join((article or labels).groups())
            record = articles.setdefault(key, Article(key))
            data = archive.extractfile(member).read().decode("utf-8")
            if article:
                record.text = data
            else:
                record.gold = _gold_spans(data)
    return [a for _, a in sorted(articles.items()) if a.text and (split is None or a.id.startswith(split + "/"))]


def _gold_spans(labels: str) -> list[tuple[int, int]]:
    spans = []
    for line in labels.splitlines():
        parts = line.split("\t")
        if len(parts) >= 4 and parts[1] in TECHNIQUES:
            spans.append((int(parts[2]), int(parts[3])))
    return spans


def score(articles: list[Article], marks: list[list[tuple[int, int]]]) -> dict[str, tuple[float, int]]:
    c = dict.fromkeys(("marks", "marks_ok", "gold", "gold_found", "chars_mark", "chars_gold", "chars_both"), 0)
    for article, found in zip(articles, marks):
        gold = article.gold
        c["marks"] += len(found)
        c["marks_ok"] += sum(1 for s, e in found if any(s < ge and gs < e for gs, ge in gold))
        c["gold"] += len(gold)
        c["gold_found"] += sum(1 for gs, ge in gold if any(s < ge and gs < e for s, e in found))
        gold_chars = {i for s, e in gold for i in range(s, e)}
        mark_chars = {i for s, e in found for i in range(s, e)}
        c["chars_gold"] += len(gold_chars)
        c["chars_mark"] += len(mark_chars)
        c["chars_both"] += len(gold_chars & mark_chars)
    p, r = _ratio(c["marks_ok"], c["marks"]), _ratio(c["gold_found"], c["gold"])
    cp, cr = _ratio(c["chars_both"], c["chars_mark"]), _ratio(c["chars_both"], c["chars_gold"])
    return {"overlap precision": (p, c["marks"]), "overlap recall": (r, c["gold"]),
            "overlap F1": (_f1(p, r), c["gold"]), "char precision": (cp, c["chars_mark"]),
            "char recall": (cr, c["chars_gold"]), "char F1": (_f1(cp, cr), c["chars_gold"])}


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(pipeline, shared: Path, limit: int | None = None, split: str | None = HELD_OUT) -> list[dict]:
    """Rows for the articles of ``split`` (the held-out dev split by default; None for both), the first ``limit``."""
    articles = read_semeval(shared / ARCHIVE, split)[:limit]
    marks = _marks(pipeline, articles)
    return _rows(f"{EVAL} ({split or 'train+dev'})", articles, [marks[a.id] for a in articles])


def evaluate_both(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    """The figures the issue asks for (train+dev) and the held-out ones (dev), the first ``limit`` of each; each
    article is analysed once."""
    every = read_semeval(shared / ARCHIVE)
    both, dev = every[:limit], [a for a in every if a.id.startswith(HELD_OUT + "/")][:limit]
    marks = _marks(pipeline, list({a.id: a for a in both + dev}.values()))
    return (_rows(f"{EVAL} (train+dev)", both, [marks[a.id] for a in both])
            + _rows(f"{EVAL} ({HELD_OUT})", dev, [marks[a.id] for a in dev]))


def _marks(pipeline, articles: list[Article]) -> dict[str, dict[str, list[tuple[int, int]]]]:
    """Each article's mark spans by category."""
    finder = getattr(pipeline, "framing", None)
    if finder is None:
        from newsledger.extract.framing import FramingFinder

        finder = FramingFinder(pipeline.nlp.make_doc, pipeline.config.rules)
    marks = {}
    for article, doc in zip(articles, pipeline.nlp.pipe([a.text for a in articles], batch_size=16)):
        found = finder.find(doc)
        marks[article.id] = {c: [(m.start, m.end) for m in found if m.category == c] for c in CATEGORIES}
    return marks


def _rows(name: str, articles: list[Article], marks: list[dict[str, list[tuple[int, int]]]]) -> list[dict]:
    every = [sum(found.values(), []) for found in marks]
    rows = [{"eval": name, "system": "newsledger", "metric": metric, "value": value, "n": n}
            for metric, (value, n) in score(articles, every).items()]
    for category in sorted(CATEGORIES):
        value, n = score(articles, [found[category] for found in marks])["overlap precision"]
        rows.append({"eval": name, "system": "newsledger", "metric": f"{category} precision", "value": value,
                     "n": n})
    return rows


if __name__ == "__main__":
    import argparse
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from evaluation.run import SHARED, print_table
    from newsledger import Pipeline

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N articles of the split")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default=HELD_OUT,
                        help="dev (held out from the lexicon review; the default), train (tuned on) or all")
    args = parser.parse_args()
    print_table(evaluate(Pipeline(), SHARED, args.limit, None if args.split == "all" else args.split))
