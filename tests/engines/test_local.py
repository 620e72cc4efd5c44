"""The local executor: serial and process-pool runs give the same report."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from crossfact.config import Config
from crossfact.engines.local import LocalExecutor
from crossfact.pipeline import analyze
from crossfact.report.json import report_to_dict


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    run = {key: value for key, value in data["run"].items() if key not in ("timings", "executor", "config")}
    return {**data, "run": run}


def _square(value: int) -> int:
    return value * value


def test_local_executor_two_workers_equals_serial(seeds_dir: Path) -> None:
    serial = report_to_dict(analyze([seeds_dir], Config(workers=1)))
    pooled = report_to_dict(analyze([seeds_dir], Config(workers=2)))
    assert pooled["run"]["executor"] == "local[2 processes]"
    assert _comparable(pooled) == _comparable(serial)


@pytest.mark.parametrize("workers", [1, 2])
def test_local_executor_keeps_input_order_past_the_window(workers: int) -> None:
    executor = LocalExecutor(workers, window=2)
    assert list(executor.map(_square, range(50))) == [n * n for n in range(50)]


@pytest.mark.parametrize(("workers", "window"), [(0, 4), (1, 0)])
def test_local_executor_rejects_bad_sizes(workers: int, window: int) -> None:
    with pytest.raises(ValueError, match="must be 1 or more"):
        LocalExecutor(workers, window=window)
