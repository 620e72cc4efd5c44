"""The quality gate: CI runs every evaluation's fast subset and holds its cross-validated headline to the floor
pinned in benchmarks/floors.yaml, so a change that loses quality does not land quietly."""

from __future__ import annotations

from pathlib import Path

import pytest
from benchmarks.gate import FLOORS, Gate, Verdict, load_gates, run_gates

FAST_GATES = load_gates("fast")


@pytest.fixture(scope="module")
def fast_verdicts(data_dir: Path) -> dict[str, Verdict]:
    """Every fast gate, run once for the module, two evaluations at a time."""
    if not data_dir.is_dir():
        pytest.fail(f"evaluation data not found at {data_dir}: CI runs with ../shared beside the checkout")
    return {verdict.gate.name: verdict for verdict in run_gates(FAST_GATES, jobs=2)}


def test_every_evaluation_with_a_full_gate_has_a_fast_one() -> None:
    assert {gate.name for gate in load_gates("full")} <= {gate.name for gate in FAST_GATES}
    assert FAST_GATES, f"no fast gates in {FLOORS}"


@pytest.mark.parametrize("name", [gate.name for gate in FAST_GATES])
def test_fast_gate_holds(name: str, fast_verdicts: dict[str, Verdict]) -> None:
    verdict = fast_verdicts[name]
    assert not verdict.failures, f"{name}: {'; '.join(verdict.failures)}"


def test_a_figure_under_its_floor_or_its_baseline_fails() -> None:
    gate = Gate(name="eval_x", level="fast", floor=0.70, beat_baseline=True)
    assert Verdict(gate, {"crossfact": 0.72, "baseline": 0.71}, 1.0).failures == []
    assert "under the floor" in Verdict(gate, {"crossfact": 0.69, "baseline": 0.5}, 1.0).failures[0]
    assert "under the baseline" in Verdict(gate, {"crossfact": 0.72, "baseline": 0.75}, 1.0).failures[0]
    assert Verdict(gate, None, 1.0, "exit 1: Traceback").failures == ["exit 1: Traceback"]
