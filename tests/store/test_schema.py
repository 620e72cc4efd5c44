"""A store file opens at the current layout in WAL mode; a newer or foreign file is refused with one clear line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crossfact import errors
from crossfact.store import SCHEMA_VERSION, Store
from crossfact.store.schema import schema_version


def test_schema_new_store_is_wal_at_the_current_version(tmp_path: Path) -> None:
    with Store(tmp_path / "corpus.db") as store:
        assert store.count("analyses") == 0
    db = sqlite3.connect(tmp_path / "corpus.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert schema_version(db) == SCHEMA_VERSION
    db.close()
    # Opening again migrates nothing and keeps the version.
    with Store(tmp_path / "corpus.db"):
        pass


def test_schema_newer_store_is_refused_naming_the_file_and_both_versions(
    tmp_path: Path, seeds_dir: Path
) -> None:
    path = tmp_path / "corpus.db"
    Store(path).close()
    db = sqlite3.connect(path)
    db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.commit()
    db.close()
    with pytest.raises(errors.StoreError) as raised:
        Store(path)
    assert str(raised.value) == errors.STORE_NEWER.format(
        path=path, found=SCHEMA_VERSION + 1, supported=SCHEMA_VERSION
    )
    command = ("analyze", str(seeds_dir), "--out", str(tmp_path / "out"), "--store", str(path))
    result = subprocess.run(
        [sys.executable, "-m", "crossfact", *command],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and f"version {SCHEMA_VERSION + 1}" in lines[0]
    assert f"({SCHEMA_VERSION})" in lines[0]


@pytest.mark.parametrize("content", [b"not a database at all, just words\n" * 40, None])
def test_schema_a_file_that_is_no_store_is_refused(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "other.db"
    if content is None:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE notes (text TEXT)")
        db.commit()
        db.close()
    else:
        path.write_bytes(content)
    with pytest.raises(errors.StoreError, match="not a crossfact store"):
        Store(path)
