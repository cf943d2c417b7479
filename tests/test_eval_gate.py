"""The evaluation gate: no score may drop below evaluation/baseline.json (which is only ever raised).

Runs every evaluation whose gold set is in ../shared (skipping cleanly when it is absent) on the real pipeline,
over the first documents of each gold set (`python evaluation/run.py --gate` prints the same table). Raise the
baseline after an improvement with `python evaluation/run.py --raise-baseline`.
"""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT, SHARED

sys.path.insert(0, str(ROOT))
from evaluation.run import gated, load_baseline, run_all, worse  # noqa: E402

GATE = load_baseline()["gate"]


@pytest.fixture(scope="module")
def figures(pipeline) -> dict[str, float]:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the evaluation gate reads the peers' gold sets there")
    return gated(run_all(pipeline, gate=True))


def test_eval_gate_has_a_baseline():
    assert len(GATE) >= 10, "evaluation/baseline.json has no gate figures: run evaluation/run.py --raise-baseline"


@pytest.mark.parametrize("key", sorted(GATE))
def test_eval_gate_score_does_not_drop(figures, key):
    if key not in figures:
        pytest.skip(f"{key}: its gold set is absent")
    assert not worse(key, figures[key], GATE[key]), f"{key}: {figures[key]} is worse than the baseline {GATE[key]}"
