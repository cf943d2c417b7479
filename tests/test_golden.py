"""Golden files: the full JSON output for the demo corpus (articles the project wrote itself) is pinned.

Regenerate with `pytest tests/test_golden.py --update-golden` and review the diff before committing.
"""

from __future__ import annotations

import json
import re

import pytest

from conftest import DEMO, ROOT
from newsledger.ingest import read_articles
from newsledger.records import Article

GOLDEN = ROOT / "tests" / "golden"


def _demo_articles() -> list[Article]:
    return [a for a in read_articles([str(DEMO)]) if isinstance(a, Article)]


def _golden_path(article_id: str):
    return GOLDEN / (re.sub(r"[^A-Za-z0-9_.-]", "_", article_id) + ".json")


@pytest.fixture(scope="module")
def demo_output(pipeline) -> dict[str, dict]:
    output = {}
    for analysis in pipeline.analyze_many(_demo_articles()):
        record = analysis.to_dict()
        record.pop("meta")  # versions change with every rule edit; the content is what is pinned
        output[analysis.article.id] = record
    return output


@pytest.mark.parametrize("article_id", [a.id for a in _demo_articles()])
def test_golden_demo_article_output_is_unchanged(demo_output, update_golden, article_id):
    path = _golden_path(article_id)
    actual = json.dumps(demo_output[article_id], ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file for {article_id}: run pytest --update-golden and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs: review, then --update-golden"


def test_golden_every_golden_file_has_an_article():
    ids = {_golden_path(a.id).name for a in _demo_articles()}
    assert {p.name for p in GOLDEN.glob("*.json")} <= ids
