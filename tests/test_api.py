"""The public Python API: a short curated surface that does what the README says."""

from __future__ import annotations

import newsledger
from newsledger import ArticleAnalysis, Pipeline, open_ledger
from newsledger.ingest import RejectsFile
from newsledger.records import Article, Reject
from newsledger.run import ingest
from newsledger.store.ledger import Ledger


def test_api_exported_members_are_importable():
    for name in newsledger.__all__:
        assert getattr(newsledger, name) is not None


def test_api_analyze_text_returns_typed_records_that_serialise(pipeline):
    analysis = pipeline.analyze("UN Secretary-General Antonio Guterres visited Kabul on Monday.",
                                outlet="Northern Wire", published="2024-01-08")
    assert isinstance(analysis, ArticleAnalysis)
    record = analysis.to_dict()
    assert record["article"]["outlet"] == "Northern Wire" and record["article"]["published"] == "2024-01-08"
    assert ArticleAnalysis.from_dict(record).to_dict() == record
    assert any(e["name"] == "Kabul" and e["country"] == "AFG" for e in record["entities"])


def test_api_analysis_is_deterministic(pipeline):
    text = "Foreign Minister Leila Haddad met Kenyan officials in Nairobi. Haddad praised the talks."
    assert pipeline.analyze(text).to_dict() == pipeline.analyze(text).to_dict()


def test_api_open_ledger_returns_records_and_dataframes(tmp_path, pipeline):
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "k1", "outlet": "Pacific Courier", "date": "2024-03-01", '
                      '"text": "Kenyan President William Ruto met Ethiopian officials in Addis Ababa."}\n',
                      encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger, RejectsFile(tmp_path / "r.jsonl") as rejects:
        report = ingest([str(source)], ledger, pipeline=pipeline, rejects=rejects)
    assert (report.read, report.new, report.rejected) == (1, 1, 0)
    with open_ledger(tmp_path / "l.duckdb") as ledger:
        people = ledger.entities(type="PERSON")
        assert people.records()[0]["name"] == "William Ruto"
        frame = ledger.articles().df()
        assert frame["id"].tolist() == ["k1"]
        assert ledger.analysis("k1").article.outlet == "Pacific Courier"
        meetings = ledger.events(root="04").records()
        assert {(r["source_country"], r["target_country"]) for r in meetings} >= {("KEN", "ETH")}
        assert ledger.events(root="19").arrow().num_rows == 0


def test_api_an_analysis_that_fails_is_rejected_and_the_run_goes_on(tmp_path, pipeline, monkeypatch):
    """One article that breaks the extractor must not lose the run: it goes to the rejects file."""
    import newsledger.pipeline as module

    real = module.analyze

    def analyze(article, doc, pipe):
        if article.id == "bad":
            raise ValueError("boom")
        return real(article, doc, pipe)

    monkeypatch.setattr(module, "analyze", analyze)
    source = tmp_path / "in.jsonl"
    source.write_text('{"id": "good", "text": "Officials met in Lima."}\n{"id": "bad", "text": "Talks in Quito."}\n',
                      encoding="utf-8")
    with Ledger(tmp_path / "l.duckdb") as ledger, RejectsFile(tmp_path / "r.jsonl") as rejects:
        report = ingest([str(source)], ledger, pipeline=pipeline, rejects=rejects)
        assert ledger.present(["good", "bad"]) == {"good"}
    assert (report.read, report.new, report.rejected) == (1, 1, 1)
    assert "analysis failed (ValueError: boom)" in (tmp_path / "r.jsonl").read_text()


def test_api_records_are_plain_dataclasses():
    article = Article(id="a", text="t")
    assert article.to_dict()["id"] == "a"
    assert Reject("f.jsonl", 3, "malformed JSON", "fix it").message() == "f.jsonl:3: malformed JSON — fix it"
    assert isinstance(Pipeline, type)
