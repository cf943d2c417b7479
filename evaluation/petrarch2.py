"""PETRARCH2's real-sentence validation records (78 sentences, 12 of them asserting no event).

Triples are (CAMEO root, source country, target country), '---' where an actor has no country; a sentence's
gold and predicted triples are compared as sets and counted over all sentences. PETRARCH2 takes the place of an
event as its target when no actor is the target, so our events without a target use their location's country. Public statements (010) and
events the text marks negated or hypothetical are left out of our triples, as PETRARCH2's gold codes neither;
future and claimed events count (the gold codes "will meet" and reported attacks). False events are our triples
in the records that assert no event.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsledger.pipeline import make_article

NAME = "PETRARCH2 validation (78 sentences)"
_SENTENCE = re.compile(r"<Sentence\b([^>]*?)/?>(.*?)(?=<Sentence\b|</Sentences>)", re.S)
_CODING = re.compile(r"<EventCoding\b([^>]*)/>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


def read_records(path: Path) -> list[dict]:
    records = []
    for head, body in _SENTENCE.findall(path.read_text(encoding="utf-8")):
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        attrs = dict(_ATTR.findall(head))
        text = re.search(r"<Text>(.*?)</Text>", body, re.S)
        text = " ".join(text.group(1).split()) if text else ""
        codings = [dict(_ATTR.findall(c)) for c in _CODING.findall(body)]
        noevents = any(c.get("noevents") == "True" for c in codings) or 'noevents="True"' in head
        events = [c for c in codings if "eventcode" in c]
        if text:
            records.append({"id": attrs.get("id"), "date": attrs.get("date"), "text": text, "events": events,
                            "noevents": noevents})
    return records


def _country(code: str) -> str:
    code = code.strip()
    return code[:3] if len(code) >= 3 and code[:3].isalpha() and code[:3] not in ("IGO", "NGO", "IMG") else "---"


def _ours(analysis) -> set[tuple[str, str, str]]:
    """Our triples. PETRARCH2 codes the place of an event as its target when no actor is the target
    ("protest in Beijing" → CHN), so an event without a target is compared with its location's country."""
    triples = set()
    for e in analysis.events:
        if e.cameo == "010" or e.modality in ("negated", "hypothetical"):
            continue
        target = e.target.country if e.target and e.target.country else None
        if e.target is None and e.location is not None:
            target = e.location.country
        triples.add((e.root, e.source.country if e.source and e.source.country else "---", target or "---"))
    return triples


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    records = read_records(shared / "peers" / "petrarch2" / "PETR2_GSR_validation.xml")[:limit]
    articles = [make_article(r["text"], id=r["id"] or str(n)) for n, r in enumerate(records)]
    tp = fp = fn = false_events = noevent_sentences = 0
    for record, analysis in zip(records, pipeline.analyze_many(articles)):
        predicted = _ours(analysis)
        if record["noevents"]:
            noevent_sentences += 1
            false_events += len(predicted)
            continue
        gold = {(e["eventcode"][:2], _country(e.get("sourcecode", "---")), _country(e.get("targetcode", "---")))
                for e in record["events"]}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    rows = [{"eval": NAME, "system": "newsledger", "metric": f"triple {m}", "value": v, "n": tp + fn}
            for m, v in (("precision", precision), ("recall", recall), ("F1", f1))]
    rows.append({"eval": NAME, "system": "newsledger", "metric": "false events (noevents)",
                 "value": float(false_events), "n": noevent_sentences})
    return rows
