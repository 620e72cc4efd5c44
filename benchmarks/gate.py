"""Quality gate: run the evaluations in ``benchmarks/`` and hold each cross-validated headline to its floor.

Every evaluation script writes, with ``--json FILE``, a ``headline`` record: the metric, crossfact's
cross-validated figure, the baseline's figure on the same documents and folds, and the in-sample figure beside
them. The floors live in one file, ``benchmarks/floors.yaml`` (section ``gates``), one entry per script with a
``full`` and a ``fast`` level: ``floor`` (crossfact's cross-validated figure must reach it) and
``beat_baseline`` (crossfact must also be at least the baseline of the same run). The ``fast`` level runs the
script with ``--fast``, the subset CI runs (tests/benchmarks/test_gate.py); ``make eval`` runs the full level.

Run from the repository root: ``PYTHONPATH=src python -m benchmarks.gate [--fast] [--only NAME,...] [--jobs N]``.
The exit code is 1 when an evaluation fails, falls under its floor or under its baseline.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "benchmarks" / "floors.yaml"
# A run that takes longer than this is a failure of its own (the CI subset must stay a few minutes in all).
TIMEOUT_SECONDS = {"fast": 900, "full": 7200}


@dataclass(frozen=True, slots=True)
class Gate:
    """One evaluation script held to a floor at one level ("fast" or "full")."""

    name: str
    level: str
    floor: float
    beat_baseline: bool
    args: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Verdict:
    """What one gate measured and whether it passed."""

    gate: Gate
    headline: dict[str, Any] | None
    seconds: float
    error: str | None = None

    @property
    def failures(self) -> list[str]:
        """Return why the gate failed (empty when it passed)."""
        if self.error is not None or self.headline is None:
            return [self.error or "no headline in the JSON output"]
        crossfact = self.headline.get("crossfact")
        if not isinstance(crossfact, int | float):
            return [f"headline has no crossfact figure: {self.headline}"]
        reasons = []
        if crossfact < self.gate.floor:
            reasons.append(f"{crossfact:.4f} is under the floor {self.gate.floor:.4f}")
        baseline = self.headline.get("baseline")
        if self.gate.beat_baseline and isinstance(baseline, int | float) and crossfact < baseline:
            reasons.append(f"{crossfact:.4f} is under the baseline {baseline:.4f} of the same run")
        return reasons


def load_gates(level: str, path: Path = FLOORS) -> list[Gate]:
    """Return the gates of ``level`` ("fast" or "full") pinned in the floors file."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    gates = []
    for name, entry in (data.get("gates") or {}).items():
        pinned = entry.get(level)
        if pinned is None:
            continue
        gates.append(
            Gate(
                name=name,
                level=level,
                floor=float(pinned["floor"]),
                beat_baseline=bool(pinned.get("beat_baseline", False)),
                args=tuple(str(arg) for arg in pinned.get("args", ())),
            )
        )
    return gates


def run_gate(gate: Gate) -> Verdict:
    """Run the gate's evaluation script in its own process and return what it measured."""
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / f"{gate.name}.json"
        command = [sys.executable, "-m", f"benchmarks.{gate.name}", *gate.args, "--json", str(output)]
        if gate.level == "fast":
            command.append("--fast")
        began = time.perf_counter()
        try:
            done = subprocess.run(
                command,
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS[gate.level],
                check=False,
            )
        except subprocess.TimeoutExpired:
            seconds = time.perf_counter() - began
            return Verdict(gate, None, seconds, f"timed out after {TIMEOUT_SECONDS[gate.level]} s")
        seconds = time.perf_counter() - began
        if done.returncode != 0:
            tail = " | ".join(done.stderr.strip().splitlines()[-3:])
            return Verdict(gate, None, seconds, f"exit {done.returncode}: {tail}")
        try:
            headline = json.loads(output.read_text(encoding="utf-8")).get("headline")
        except (OSError, ValueError) as error:
            return Verdict(gate, None, seconds, f"unreadable JSON output: {error}")
        return Verdict(gate, headline, seconds)


def run_gates(gates: Sequence[Gate], jobs: int = 2) -> list[Verdict]:
    """Return the verdicts of ``gates``, ``jobs`` evaluations at a time, in the order given."""
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(run_gate, gates))


def table(verdicts: Sequence[Verdict]) -> str:
    """Return the verdicts as a plain-text table, one row per gate."""
    header = (
        f"{'evaluation':<16} {'metric':<26} {'crossfact':>9} {'baseline':>9} {'floor':>7} {'s':>6}  verdict"
    )
    rows = [header, "-" * len(header)]
    for verdict in verdicts:
        headline = verdict.headline or {}
        crossfact, baseline = _figure(headline.get("crossfact")), _figure(headline.get("baseline"))
        rows.append(
            f"{verdict.gate.name:<16} {str(headline.get('metric', '?'))[:26]:<26} {crossfact:>9} {baseline:>9}"
            f" {verdict.gate.floor:>7.3f} {verdict.seconds:>6.0f}  "
            + ("pass" if not verdict.failures else "FAIL: " + "; ".join(verdict.failures))
        )
    return "\n".join(rows)


def _figure(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, int | float) else "-"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the gates, print the table; return 1 when any gate fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fast", action="store_true", help="the CI subsets and their floors")
    parser.add_argument("--only", default=None, help="comma-separated evaluation names (default: all gated)")
    parser.add_argument("--jobs", type=int, default=2, help="evaluations run at once (default 2)")
    args = parser.parse_args(argv)
    gates = load_gates("fast" if args.fast else "full")
    if args.only:
        wanted = {name.strip() for name in args.only.split(",")}
        unknown = wanted - {gate.name for gate in gates}
        if unknown:
            print(f"--only: no gate named {', '.join(sorted(unknown))} in {FLOORS}", file=sys.stderr)
            return 1
        gates = [gate for gate in gates if gate.name in wanted]
    verdicts = run_gates(gates, args.jobs)
    print(table(verdicts))
    return 1 if any(verdict.failures for verdict in verdicts) else 0


if __name__ == "__main__":
    sys.exit(main())
