"""End-to-end: ``newsledger framing`` and ``newsledger quotes`` on a real DuckDB ledger.

The ledger holds articles the project wrote, analysed by the real pipeline. Until ``Pipeline.analyze`` calls the
quote and framing finders (the lead wires them into pipeline.py), the fixture adds their output to each analysis
itself, exactly as ``analyze`` will; once wired, it stores the analyses as they are.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT
from newsledger.cli import framing as framing_command
from newsledger.extract.framing import CATEGORIES, SCARE_QUOTE, VERB_CHOICE, FramingFinder
from newsledger.extract.quotes import QuoteFinder
from newsledger.pipeline import analyze, make_article
from newsledger.store.ledger import Ledger

pytestmark = pytest.mark.slow

ARTICLES = [
    ("Gulf Herald", "2024-04-02",
     "Crowds in Tehran mourned the martyrs of the strike on the consulate. The Zionist regime assassinated two "
     "generals, state television said. \"The criminal regime will regret this onslaught,\" the commander said."),
    ("Gulf Herald", "2024-04-03",
     "The funeral of the great martyr drew thousands. Officials said the martyrdom of the generals would not go "
     "unanswered."),
    ("Harbour Times", "2024-04-02",
     "An Israeli strike killed two Iranian generals at the consulate in Damascus, a US official said. Iran "
     "called the strike a \"terrorist act\" and vowed to respond."),
]


def newsledger(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsledger.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def ledger_path(pipeline, tmp_path_factory) -> Path:
    quotes = getattr(pipeline, "quotes", None) or QuoteFinder(pipeline.lexicons, pipeline.config.rules)
    framing = getattr(pipeline, "framing", None) or FramingFinder(pipeline.nlp.make_doc, pipeline.config.rules)
    analyses = []
    for outlet, published, text in ARTICLES:
        article = make_article(text, outlet=outlet, published=published)
        doc = pipeline.nlp(article.text)
        analysis = analyze(article, doc, pipeline)
        if not analysis.quotes:
            analysis.quotes = quotes.find(doc, pipeline.entities.build(doc, pipeline.mentions.find(doc)))
        if not analysis.framing:
            analysis.framing = framing.find(doc)
        analyses.append(analysis)
    path = tmp_path_factory.mktemp("framing") / "framing.duckdb"
    with Ledger(path) as ledger:
        assert ledger.write(analyses) == len(ARTICLES)
    return path


def _json(*args: str) -> list[dict]:
    result = newsledger(*args, "--format", "json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_cli_framing_by_outlet_counts_per_thousand_words(ledger_path):
    rows = _json("framing", "--db", str(ledger_path))
    by_outlet: dict[str, dict[str, dict]] = {}
    for row in rows:
        by_outlet.setdefault(row["outlet"], {})[row["term"]] = row
    herald = by_outlet["Gulf Herald"]
    assert herald["martyr"]["count"] == 2 and herald["martyr"]["articles"] == 2
    assert herald["regime"]["count"] == 2 and herald["assassinated"]["category"] == "verb_choice"
    words = sum(len(text.split()) for outlet, _, text in ARTICLES if outlet == "Gulf Herald")
    assert herald["martyr"]["per_1000_words"] == pytest.approx(round(2000 / words, 3))
    assert "terrorist" in by_outlet["Harbour Times"] and "martyr" not in by_outlet["Harbour Times"]
    ranks = [r["rank"] for r in rows if r["outlet"] == "Gulf Herald"]
    assert ranks == sorted(ranks) and ranks[0] == 1


def test_cli_framing_top_category_and_outlet_filters(ledger_path):
    rows = _json("framing", "--db", str(ledger_path), "--top", "1")
    assert sorted(r["outlet"] for r in rows) == ["Gulf Herald", "Harbour Times"]
    rows = _json("framing", "--db", str(ledger_path), "--category", "loaded_term", "--outlet", "gulf herald")
    assert rows and {r["category"] for r in rows} == {"loaded_term"} and {r["outlet"] for r in rows} == {
        "Gulf Herald"}
    rows = _json("framing", "--db", str(ledger_path), "--since", "2024-04-03")
    assert {r["term"] for r in rows} >= {"martyrdom", "the great martyr"} and "assassinated" not in {
        r["term"] for r in rows}


def test_cli_framing_by_term_counts_outlets(ledger_path):
    rows = _json("framing", "--db", str(ledger_path), "--by", "term", "--top", "50")
    terms = {r["term"]: r for r in rows}
    assert "outlet" not in rows[0] and terms["regime"]["outlets"] == 1
    assert terms["martyr"]["count"] == 2 and [r["rank"] for r in rows] == list(range(1, len(rows) + 1))


def test_cli_framing_outside_quotes_drops_quoted_words(ledger_path):
    everything = {r["term"]: r["count"] for r in _json("framing", "--db", str(ledger_path), "--by", "term")}
    own = {r["term"]: r["count"] for r in _json("framing", "--db", str(ledger_path), "--by", "term",
                                                   "--outside-quotes")}
    assert everything["onslaught"] == 1 and "onslaught" not in own
    assert own["regime"] == everything["regime"] - 1


@pytest.mark.parametrize("output", ["table", "csv"])
def test_cli_framing_table_and_csv(ledger_path, output):
    result = newsledger("framing", "--db", str(ledger_path), "--format", output)
    assert result.returncode == 0, result.stderr
    if output == "csv":
        header = next(csv.reader(io.StringIO(result.stdout)))
        assert header == ["outlet", "rank", "category", "term", "count", "articles", "per_1000_words"]
    else:
        rows = len(_json("framing", "--db", str(ledger_path)))
        assert "Gulf" in result.stdout and result.stdout.rstrip().endswith(f"{rows} rows")


def test_cli_framing_category_choices_are_the_lexicon_categories():
    option = next(p for p in framing_command.params if p.name == "category")
    assert set(option.type.choices) == CATEGORIES | {SCARE_QUOTE, VERB_CHOICE}


def test_cli_quotes_speaker_filter_and_anonymous_sources(ledger_path):
    rows = _json("quotes", "--db", str(ledger_path))
    speakers = {(r["outlet"], r["speaker"], r["kind"]) for r in rows}
    assert ("Harbour Times", "a US official", "indirect") in speakers
    assert ("Gulf Herald", "the commander", "direct") in speakers
    rows = _json("quotes", "--db", str(ledger_path), "--speaker", "official", "--outlet", "Harbour Times")
    assert [r["text"] for r in rows] == ["An Israeli strike killed two Iranian generals at the consulate in "
                                         "Damascus"]
