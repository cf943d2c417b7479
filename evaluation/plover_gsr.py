"""PLOVER gold-standard records (CAMEO manual examples, 322 English sentences).

Each record is one sentence with one gold event category and source/target actors. newsledger analyses the
sentence alone; the event scored is the one whose trigger is among the record's event words (else the
sentence's first event with a PLOVER category — public statements have none). Our CAMEO code is mapped to PLOVER
with the project's CAMEO→PLOVER table; the gold's pre-2021 categories are renamed as the PLOVER manual does
(FIGHT→ASSAULT, DISAPPROVE→ACCUSE, DEMAND→REQUEST; INVESTIGATE→ACCUSE, since the 2021 table maps CAMEO 09 to
``ACCUSE, investigate`` and no code reaches INVESTIGATE any more). Source- and target-country F1 compare ISO
alpha-3 codes of the chosen event (and its coordinated copies) with the gold's country codes (CAMEO's JAP/ITL/VTN read as
JPN/ITA/VNM; IGO/NGO/IMG actors have no country and are not counted).
"""

from __future__ import annotations

import json
from pathlib import Path

from newsledger.pipeline import make_article

RENAMED = {"FIGHT": "ASSAULT", "DISAPPROVE": "ACCUSE", "DEMAND": "REQUEST", "INVESTIGATE": "ACCUSE"}
CAMEO_COUNTRIES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NAME = "PLOVER GSR (322 sentences)"


def _countries(actors, known: set[str]) -> set[str]:
    if not isinstance(actors, list):
        return set()
    codes = {CAMEO_COUNTRIES.get(a.get("code", ""), a.get("code", "")) for a in actors}
    return {c for c in codes if c in known}


def _chosen(events, event_text: str):
    """The event the gold's event words point at (their first word first), else the first coded event."""
    coded = [e for e in events if e.plover]
    for word in event_text.replace("-", " ").lower().split():
        for event in coded:
            if event.trigger.text.lower() == word:
                return event
    return coded[0] if coded else None


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    records = [r for r in json.loads((shared / "peers" / "plover" / "PLOVER_GSR_CAMEO.txt").read_text(
        encoding="utf-8")) if r.get("event") != "DOCUMENT"][:limit]
    known = set(pipeline.lexicons.countries)
    articles = [make_article(r["text"], id=r["id"]) for r in records]
    correct = 0
    counts = {"source": [0, 0, 0], "target": [0, 0, 0]}
    for record, analysis in zip(records, pipeline.analyze_many(articles)):
        gold = RENAMED.get(record["event"], record["event"])
        chosen = _chosen(analysis.events, record.get("eventText", ""))
        correct += chosen is not None and chosen.plover == gold
        same = [e for e in analysis.events if chosen is not None and e.trigger.start == chosen.trigger.start]
        for side in ("source", "target"):
            gold_set = _countries(record.get(side), known)
            predicted = {getattr(e, side).country for e in same if getattr(e, side) and getattr(e, side).country}
            counts[side][0] += len(gold_set & predicted)
            counts[side][1] += len(predicted - gold_set)
            counts[side][2] += len(gold_set - predicted)
    rows = [{"eval": NAME, "system": "newsledger", "metric": "category accuracy", "value": correct / len(records),
             "n": len(records)}]
    for side, (tp, fp, fn) in counts.items():
        precision, recall, f1 = _f1(tp, fp, fn)
        for metric, value in (("precision", precision), ("recall", recall), ("F1", f1)):
            rows.append({"eval": NAME, "system": "newsledger", "metric": f"{side} country {metric}",
                         "value": value, "n": tp + fn})
    return rows
