"""Two runs never write one store at once: a second writer waits for the first and then adds to the corpus it
left, gives up after ``store.lock_timeout`` with one line naming the store, and the lock is released however a
run ends."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from crossfact import errors
from crossfact.cli import demo_corpus
from crossfact.store import Store, analyze_into, lock, writer_lock

WAITING = "crossfact: waiting for another run writing"


@contextmanager
def _held_elsewhere(store: Path) -> Iterator[None]:
    """Hold the store's writer lock from another thread for the block (another run, as far as the lock knows)."""
    taken, done = threading.Event(), threading.Event()

    def hold() -> None:
        with writer_lock(store, timeout=5):
            taken.set()
            done.wait(60)

    thread = threading.Thread(target=hold)
    thread.start()
    assert taken.wait(5)
    try:
        yield
    finally:
        done.set()
        thread.join(5)


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_lock_second_writer_waits_then_gives_up_naming_the_store(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    told: list[str] = []
    with _held_elsewhere(store):
        began = time.monotonic()
        with (
            pytest.raises(errors.StoreBusy) as busy,
            writer_lock(store, timeout=0.3, on_wait=lambda: told.append("x")),
        ):
            pass
    assert time.monotonic() - began >= 0.3
    assert told == ["x"], "the wait is announced once"
    assert str(store) in str(busy.value) and "store.lock_timeout" in str(busy.value)
    # Once the other run has finished, the lock is free at once.
    with writer_lock(store, timeout=0):
        pass


def test_lock_is_released_on_an_exception_and_leaks_no_descriptor(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    before = _open_descriptors()
    for _ in range(20):
        with pytest.raises(ValueError), writer_lock(store, timeout=0):
            raise ValueError("the analysis failed")
    with _held_elsewhere(store):
        for _ in range(5):
            with pytest.raises(errors.StoreBusy), writer_lock(store, timeout=0):
                pass
    assert _open_descriptors() == before
    # Another process can take it: nothing was left locked.
    probe = (
        "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDWR); "
        "fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB); print('free')"
    )
    taken = subprocess.run(
        [sys.executable, "-c", probe, str(lock.lock_path(store))], capture_output=True, text=True, timeout=30
    )
    assert taken.stdout.strip() == "free", taken.stderr


def test_lock_taken_again_inside_its_own_block_is_kept_not_waited_for(tmp_path: Path) -> None:
    store = tmp_path / "corpus.db"
    with writer_lock(store, timeout=0), writer_lock(store, timeout=0):
        pass
    with writer_lock(store, timeout=0):
        pass


def test_lock_without_fcntl_still_keeps_one_process_writers_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(lock, "fcntl", None)
    store = tmp_path / "corpus.db"
    with _held_elsewhere(store), pytest.raises(errors.StoreBusy), writer_lock(store, timeout=0.1):
        pass
    with writer_lock(store, timeout=0):
        pass
    assert not lock.lock_path(store).exists()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a store holding one demo article (the wire original)."""
    root = tmp_path_factory.mktemp("small")
    first = root / "first"
    first.mkdir()
    for name in ("01_wire_original.txt", "01_wire_original.meta.json"):
        shutil.copy(demo_corpus() / name, first / name)
    path = root / "crossfact.db"
    with Store(path) as store:
        analyze_into(store, [first])
    return path


@pytest.fixture()
def store(small_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store" / "crossfact.db"
    copy.parent.mkdir()
    with sqlite3.connect(small_store) as source, sqlite3.connect(copy) as target:
        source.backup(target)
    return copy


def _article(tmp_path: Path, stem: str) -> Path:
    """Return a folder holding the demo article ``stem`` and its sidecar."""
    folder = tmp_path / stem
    folder.mkdir()
    for file in demo_corpus().glob(f"{stem}.*"):
        shutil.copy(file, folder / file.name)
    return folder


def _corpus_paths(store: Path) -> list[str]:
    with Store(store, create=False) as opened:
        return [item.path for _, item in opened.corpus()]


def _add(store: Path, *args: str, stderr: Path) -> subprocess.Popen[bytes]:
    out = store.parent / "out"
    command = [
        sys.executable,
        "-m",
        "crossfact",
        "add",
        str(store),
        *args,
        "--out",
        str(out),
        "--format",
        "json",
    ]
    with stderr.open("wb") as sink:
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=sink)


@pytest.mark.issue(15)
def test_lock_two_concurrent_adds_keep_every_article_of_both(store: Path, tmp_path: Path) -> None:
    first, second = (
        _article(tmp_path, "03_rewrite_delta_courier"),
        _article(tmp_path, "05_anachronism_conflict_polder_review"),
    )
    logs = [tmp_path / "first.err", tmp_path / "second.err"]
    # Both start while the store is being written, so both must wait and then run against each other.
    with writer_lock(store, timeout=0):
        processes = [
            _add(store, str(folder), stderr=log) for folder, log in zip((first, second), logs, strict=True)
        ]
        deadline = time.monotonic() + 60
        while not all(log.exists() and WAITING in log.read_text() for log in logs):
            assert time.monotonic() < deadline, [log.read_text() for log in logs]
            assert all(process.poll() is None for process in processes), [log.read_text() for log in logs]
            time.sleep(0.05)
    for process, log in zip(processes, logs, strict=True):
        assert process.wait(timeout=180) == 0, log.read_text()
    paths = _corpus_paths(store)
    assert any(path.endswith("01_wire_original.txt") for path in paths)
    assert str(first / "03_rewrite_delta_courier.txt") in paths
    assert str(second / "05_anachronism_conflict_polder_review.txt") in paths
    assert len(paths) == 3
    # The report files beside the store are the last run's, which saw all three.
    report = json.loads((store.parent / "out" / "report.json").read_text(encoding="utf-8"))
    assert len(report["articles"]) == 3


@pytest.mark.issue(15)
def test_lock_add_gives_up_after_the_configured_timeout_with_one_clear_line(
    store: Path, tmp_path: Path
) -> None:
    folder = _article(tmp_path, "03_rewrite_delta_courier")
    config = tmp_path / "quick.json"
    config.write_text(json.dumps({"store": {"lock_timeout": 0.5}}), encoding="utf-8")
    log = tmp_path / "add.err"
    with writer_lock(store, timeout=0):
        process = _add(store, str(folder), "--config", str(config), stderr=log)
        assert process.wait(timeout=120) == 1
    lines = log.read_text().splitlines()
    assert lines == [
        f"{WAITING} {store} (up to 0.5 s, config store.lock_timeout)",
        f"crossfact: error: {store}: another run is still writing this store after 0.5 s of waiting "
        "(config store.lock_timeout); try again when it has finished",
    ]
    assert len(_corpus_paths(store)) == 1
