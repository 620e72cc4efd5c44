"""Runs against a store analyse only what is new or changed, and their report equals a run without a store."""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from crossfact.config import Config
from crossfact.model import Report
from crossfact.pipeline import analyze
from crossfact.report.json import report_to_dict
from crossfact.store import Store, analyze_into

READ_ONCE = ("read", "clean", "split", "entities")


def _comparable(report: Report | dict[str, Any]) -> dict[str, Any]:
    """Return the report as data without what differs between equal runs: timings and the store's own tally."""
    data = report_to_dict(report) if isinstance(report, Report) else dict(report)
    run = dict(data.pop("run"))
    run.pop("timings")
    run.pop("store", None)
    return {**data, "run": run}


@pytest.fixture(scope="module")
def batches(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three seeds, then the other two and a second copy of the first seed under another name."""
    root = tmp_path_factory.mktemp("batches")
    first, second = root / "first", root / "second"
    first.mkdir()
    second.mkdir()
    seeds = sorted(seeds_dir.glob("*.txt"))
    for seed in seeds[:3]:
        shutil.copy(seed, first / seed.name)
    for seed in seeds[3:]:
        shutil.copy(seed, second / seed.name)
    shutil.copy(seeds[0], second / "copy_of_first_seed.txt")
    return first, second


@pytest.fixture(scope="module")
def one_shot(batches: tuple[Path, Path]) -> Report:
    return analyze(list(batches))


def test_incremental_second_run_analyses_only_the_new_articles(
    batches: tuple[Path, Path], one_shot: Report, tmp_path: Path
) -> None:
    first, second = batches
    with Store(tmp_path / "corpus.db") as store:
        report = analyze_into(store, [first])
        assert report.run.store is not None
        assert (report.run.store.analysed, report.run.store.reused) == (3, 0)
        report = analyze_into(store, [first, second])
    assert report.run.store is not None
    # The copy of the first seed is merged into it, as in a run without a store: only two are new.
    assert (report.run.store.analysed, report.run.store.reused, report.run.store.updated) == (2, 3, 0)
    assert report.run.store.articles == 5
    assert _comparable(report) == _comparable(one_shot)
    assert any(article.merged for article in report.articles)


def test_incremental_add_equals_one_run_over_all_inputs_and_is_idempotent(
    batches: tuple[Path, Path], one_shot: Report, tmp_path: Path
) -> None:
    first, second = batches
    with Store(tmp_path / "corpus.db") as store:
        analyze_into(store, [first])
        added = analyze_into(store, [second], add=True)
        again = analyze_into(store, [second], add=True)
        assert store.count("corpus") == 6
    assert added.run.store is not None and again.run.store is not None
    assert (added.run.store.analysed, added.run.store.reused) == (2, 3)
    assert (again.run.store.analysed, again.run.store.reused) == (0, 5)
    assert _comparable(added) == _comparable(one_shot)
    assert _comparable(again) == _comparable(one_shot)


@pytest.mark.parametrize(
    ("section", "key", "value", "updated", "entities_ran"),
    [
        # An article step's config: its step and every later one run again, from the stored split.
        ("entities", "title_trim", True, 3, True),
        # The sketch's config: only the sketch runs again, not NER.
        ("reuse", "shingle_words", 4, 3, False),
        # A cross-article step's config: every article comes from the store; the corpus steps always run.
        ("claims", "copy_similarity", 0.9, 0, False),
    ],
)
def test_incremental_changed_config_reruns_only_the_steps_it_affects(
    batches: tuple[Path, Path],
    tmp_path: Path,
    section: str,
    key: str,
    value: object,
    updated: int,
    entities_ran: bool,
) -> None:
    first, _ = batches
    changed = dataclasses.replace(
        Config(), **{section: dataclasses.replace(getattr(Config(), section), **{key: value})}
    )
    with Store(tmp_path / "corpus.db") as store:
        analyze_into(store, [first])
        report = analyze_into(store, [first], changed)
        assert report.run.store is not None
        assert (report.run.store.updated, report.run.store.analysed) == (updated, 0)
        assert report.run.store.reused == 3 - updated
        timings = dict(report.run.timings)
        assert (timings["entities"] > 0) is entities_ran
        assert timings["clean"] == 0.0
        # A third run with the same changed config reuses everything.
        third = analyze_into(store, [first], changed)
        assert third.run.store is not None and third.run.store.reused == 3
    assert _comparable(report) == _comparable(analyze([first], changed))


def _crossfact(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "crossfact", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _stored(path: Path) -> int:
    """Return how many analysed articles the store at ``path`` holds, read while another process writes it."""
    if not path.exists():
        return 0
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return int(db.execute("SELECT count(*) FROM analyses").fetchone()[0])
    except sqlite3.OperationalError:  # the writer has not made its tables yet
        return 0
    finally:
        db.close()


@pytest.mark.issue(14)
def test_incremental_sigkill_mid_run_loses_nothing_and_duplicates_nothing(
    data_dir: Path, tmp_path: Path
) -> None:
    feed = tmp_path / "reuters.jsonl"
    with (data_dir / "reuters21578" / "reuters21578.jsonl").open(encoding="utf-8") as source:
        feed.write_text("".join(next(source) for _ in range(80)), encoding="utf-8")
    store, out = tmp_path / "corpus.db", tmp_path / "out"
    command = ("analyze", str(feed), "--out", str(out), "--store", str(store), "--format", "json")

    process = _crossfact(*command)
    deadline = time.monotonic() + 300
    while _stored(store) < 10 and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.kill(process.pid, signal.SIGKILL)
    process.communicate(timeout=60)
    assert process.returncode == -signal.SIGKILL
    kept = _stored(store)
    assert 10 <= kept < 80, "the run was not killed halfway"
    db = sqlite3.connect(store)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    rerun = _crossfact(*command)
    _, stderr = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["run"]["store"]["reused"] == kept
    assert report["run"]["store"]["analysed"] == len(report["articles"]) - kept
    db = sqlite3.connect(store)
    assert db.execute("SELECT count(*), count(DISTINCT input) FROM analyses").fetchone() == (
        len(report["articles"]),
        len(report["articles"]),
    )
    db.close()

    clean = _crossfact(*command[:2], "--out", str(tmp_path / "clean"), "--no-store", "--format", "json")
    _, stderr = clean.communicate(timeout=300)
    assert clean.returncode == 0, stderr
    assert not (tmp_path / "clean" / "crossfact.db").exists()
    expected = json.loads((tmp_path / "clean" / "report.json").read_text(encoding="utf-8"))
    assert _comparable(report) == _comparable(expected)
