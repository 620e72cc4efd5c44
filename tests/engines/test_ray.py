"""The Ray engine: on a real local Ray it gives the local engine's report, and without Ray or a cluster it fails
with one clear line instead of a traceback or a hang."""

from __future__ import annotations

import importlib.util
import socket
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crossfact.cli import demo_corpus, main
from crossfact.engines.ray import RayExecutor
from crossfact.model import Report
from crossfact.pipeline import analyze
from crossfact.report.json import report_to_dict
from crossfact.store import Store, analyze_into

# CI installs the extra (make test); elsewhere the tests that need a real Ray say why they did not run.
needs_ray = pytest.mark.skipif(
    importlib.util.find_spec("ray") is None,
    reason="the ray extra is not installed: pip install 'crossfact[ray]'",
)


def _comparable(report: Report) -> dict[str, Any]:
    # The engine may change how long steps took and what it is called; nothing else.
    data = report_to_dict(report)
    run = {key: value for key, value in data["run"].items() if key not in ("timings", "executor", "store")}
    return {**data, "run": run}


def _square(value: int) -> int:
    return value * value


@pytest.fixture(scope="module")
def ray_executor() -> Iterator[RayExecutor]:
    """One local Ray with 2 CPUs for the whole module, started and shut down by the executor itself."""
    with RayExecutor(2) as executor:
        yield executor


@needs_ray
def test_ray_engine_report_equals_the_local_engine_on_the_seeds(
    ray_executor: RayExecutor, seeds_dir: Path, seeds_report: Report
) -> None:
    on_ray = analyze([seeds_dir], executor=ray_executor)
    assert on_ray.run.executor == "ray[2 CPUs]"
    assert _comparable(on_ray) == _comparable(seeds_report)


@needs_ray
def test_ray_engine_report_equals_the_local_engine_on_the_demo(
    ray_executor: RayExecutor, demo_report: Report
) -> None:
    # Small batches, so the demo's articles are spread over both CPUs and come back through the window.
    small = RayExecutor(batch=3, window=1)
    on_ray = analyze([demo_corpus()], executor=small)
    assert _comparable(on_ray) == _comparable(demo_report)


@needs_ray
def test_ray_engine_writes_the_same_store_analyses_as_the_local_engine(
    ray_executor: RayExecutor, seeds_dir: Path, seeds_report: Report, tmp_path: Path
) -> None:
    with Store(tmp_path / "ray.db") as store:
        first = analyze_into(store, [seeds_dir], executor=ray_executor)
    with Store(tmp_path / "ray.db", create=False) as store:
        again = analyze_into(store, [seeds_dir], executor=ray_executor)
    assert first.run.store is not None and first.run.store.analysed == 5
    assert again.run.store is not None and again.run.store.reused == 5
    assert _comparable(first) == _comparable(seeds_report) == _comparable(again)


@needs_ray
def test_ray_executor_keeps_input_order_past_the_window(ray_executor: RayExecutor) -> None:
    executor = RayExecutor(batch=4, window=1)
    assert list(executor.map(_square, range(50))) == [n * n for n in range(50)]
    assert list(executor.map(_square, [])) == []


def test_engine_ray_without_ray_installed_is_one_error_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # what `import ray` meets when the extra is missing
    code = main(["analyze", str(seeds_dir), "--out", str(tmp_path / "out"), "--engine", "ray"])
    err = capsys.readouterr().err
    assert code == 1
    assert err.splitlines() == [
        "crossfact: error: --engine ray needs Ray, which is not installed: pip install 'crossfact[ray]'"
    ]


@needs_ray
def test_ray_address_where_nothing_listens_fails_fast_with_one_line(
    capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago, so nothing listens on it
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    began = time.perf_counter()
    address = f"127.0.0.1:{port}"
    code = main(
        [
            "analyze",
            str(seeds_dir),
            "--out",
            str(tmp_path / "out"),
            "--engine",
            "ray",
            "--ray-address",
            address,
        ]
    )
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert time.perf_counter() - began < 10
    assert len(err) == 1
    assert err[0].startswith(f"crossfact: error: --ray-address {address}: nothing answers")
    assert "ray start --head" in err[0]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--ray-address", "auto"], "--ray-address needs --engine ray"),
        (["--engine", "spark"], "--engine 'spark': choose from local, ray"),
        (["--engine", "ray", "--ray-address", "head-node"], "is not 'auto', HOST:PORT or ray://HOST:PORT"),
    ],
)
def test_engine_options_that_cannot_work_are_named(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str], seeds_dir: Path, tmp_path: Path
) -> None:
    code = main(["analyze", str(seeds_dir), "--out", str(tmp_path / "out"), *args])
    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert len(err) == 1 and message in err[0]
