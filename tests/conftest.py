"""Fixtures shared by the whole suite: the real pipeline (loaded once), the shared data beside the repo, goldens."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEMO = ROOT / "demo" / "corpus"
FOUNDING = SHARED / "examples" / "islam-times-2023-12-31.txt"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files from the current output (review the diff before committing)")


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-golden"))


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip naming what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: these tests read the shared corpora beside the repository")
    return path


@pytest.fixture(scope="session")
def pipeline():
    from newsledger import Pipeline

    return Pipeline()


@pytest.fixture(scope="session")
def founding(pipeline):
    """The founding example, read by the real reader and analysed by the real pipeline."""
    from newsledger.ingest import read_articles

    articles = list(read_articles([str(shared_path("examples", "islam-times-2023-12-31.txt"))]))
    assert len(articles) == 1
    return pipeline.analyze(articles[0])
