"""Finding files: directories walked in order, globs, missing paths, and the sidecars that travel with their articles."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import socket
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.read.helpers import GOOD_TEXT, jsonl, read_all, write


@pytest.mark.parametrize("sidecar", ["harbour_page.meta.json", "harbour_page.html.meta.json"])
def test_read_sidecar_overrides_the_file_metadata(fixtures_dir: Path, tmp_path: Path, sidecar: str) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "harbour_page.html", tmp_path))
    write(tmp_path / sidecar, json.dumps({"outlet": "Harbour Ledger (print)", "published": "2024-11-07"}))
    [article], skipped = read_all(path)
    assert skipped == []
    assert (article.source, article.published) == ("Harbour Ledger (print)", date(2024, 11, 7))
    # What the sidecar does not set still comes from the page.
    assert article.title == "Port authority approves €310 million quay expansion"


def test_read_sidecar_applies_to_every_record_of_a_feed(fixtures_dir: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "feed.jsonl", tmp_path))
    write(tmp_path / "feed.meta.json", json.dumps({"source": "Feed archive"}))
    articles, _ = read_all(path)
    assert [article.source for article in articles] == ["Feed archive"] * 3
    assert [article.published for article in articles] == [date(2024, 10, 16)] * 3


@pytest.mark.parametrize("pattern", ["{dir}", "{dir}/*", "{dir}/**"])
def test_read_sidecars_are_not_articles(tmp_path: Path, pattern: str) -> None:
    write(tmp_path / "in" / "a.txt", GOOD_TEXT)
    write(tmp_path / "in" / "a.meta.json", json.dumps({"source": "A", "text": "not an article"}))
    write(tmp_path / "in" / "b.jsonl.gz", gzip.compress(jsonl([{"text": GOOD_TEXT + "B"}]).encode()))
    write(tmp_path / "in" / "b.jsonl.gz.meta.json", json.dumps({"source": "B"}))
    write(tmp_path / "in" / "c.txt", GOOD_TEXT + "C")
    write(tmp_path / "in" / "c.txt.meta.json", json.dumps({"source": "C", "published": "2024-11-06"}))
    write(tmp_path / "in" / "lost.meta.json", json.dumps({"source": "nobody"}))
    articles, skipped = read_all(pattern.format(dir=tmp_path / "in"))
    assert [article.source for article in articles] == ["A", "B", "C"]
    assert articles[2].published == date(2024, 11, 6)
    [orphan] = skipped
    assert orphan.path == str(tmp_path / "in" / "lost.meta.json")
    assert "sidecar with no article file" in orphan.reason


@pytest.mark.parametrize(
    ("content", "reason"), [("{not json", "Expecting property name"), ("[1, 2]", "not a JSON")]
)
def test_read_bad_sidecar_skips_its_file_and_names_the_sidecar(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = write(tmp_path / "a.txt", GOOD_TEXT)
    write(tmp_path / "a.meta.json", content)
    write(tmp_path / "b.txt", GOOD_TEXT + "B")
    articles, [skip] = read_all(path, tmp_path / "b.txt")
    assert [Path(article.path).name for article in articles] == ["b.txt"]
    assert skip.path == str(path)
    assert "a.meta.json" in skip.reason
    assert reason in skip.reason


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small input folder as a researcher leaves it: nested, with hidden files and stray kinds."""
    for name in ("b.txt", "a/z.txt", "a/y.TXT", ".hidden.txt", ".git/objects/x.txt", "a/.cache/q.txt"):
        write(tmp_path / "in" / name, f"{GOOD_TEXT}({name})\n")
    write(
        tmp_path / "in" / "a/c/d.html", f"<html><body><article><p>{GOOD_TEXT * 3}</p></article></body></html>"
    )
    write(tmp_path / "in" / "notes.docx", b"PK\x03\x04")
    write(tmp_path / "in" / "README", "read me")
    return tmp_path / "in"


def test_read_directory_is_walked_recursively_in_sorted_order(tree: Path) -> None:
    articles, skipped = read_all(tree)
    assert [Path(article.path).relative_to(tree).as_posix() for article in articles] == [
        "a/c/d.html",
        "a/y.TXT",
        "a/z.txt",
        "b.txt",
    ]
    assert sorted((Path(skip.path).name, skip.reason.split(" (")[0]) for skip in skipped) == [
        ("README", "unsupported file kind 'README'"),
        ("notes.docx", "unsupported file kind '.docx'"),
    ]


@pytest.mark.parametrize(
    ("pattern", "names"),
    [
        ("*.txt", ["b.txt"]),
        ("a/*.txt", ["a/z.txt"]),
        ("**/*.txt", ["a/z.txt", "b.txt"]),
        ("a/*", ["a/c/d.html", "a/y.TXT", "a/z.txt"]),
        ("?.txt", ["b.txt"]),
    ],
)
def test_read_glob_patterns(tree: Path, pattern: str, names: list[str]) -> None:
    articles, skipped = read_all(f"{tree}/{pattern}")
    assert skipped == []
    assert [Path(article.path).relative_to(tree).as_posix() for article in articles] == names


@pytest.mark.parametrize("missing", ["nowhere.txt", "nowhere/", "*.nothing", "nowhere/**/*.txt"])
def test_read_missing_path_is_one_skip(tmp_path: Path, missing: str) -> None:
    good = write(tmp_path / "good.txt", GOOD_TEXT)
    articles, [skip] = read_all(f"{tmp_path}/{missing}", good)
    assert len(articles) == 1
    assert skip.path == f"{tmp_path}/{missing}"
    assert skip.reason == "no such file, directory or glob match"


@pytest.mark.parametrize("hidden", [[], [".DS_Store", ".git/HEAD"]], ids=["empty", "only-hidden"])
def test_read_directory_with_no_readable_file_is_one_skip(tmp_path: Path, hidden: list[str]) -> None:
    (tmp_path / "in").mkdir()
    for name in hidden:
        write(tmp_path / "in" / name, "x")
    articles, [skip] = read_all(tmp_path / "in")
    assert articles == []
    assert skip.path == str(tmp_path / "in")
    assert skip.reason.startswith("directory holds no file of a readable kind")


def test_read_special_entries_in_a_directory_are_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    write(folder / "a.txt", GOOD_TEXT)
    os.mkfifo(folder / "pipe.txt")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(folder / "sock.txt"))
        (folder / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
        (folder / "loop").mkdir()
        (folder / "loop" / "self").symlink_to(folder / "loop")
        write(folder / "loop" / "b.txt", GOOD_TEXT + "B")
        articles, skipped = read_all(folder)
    assert [article.raw for article in articles] == [GOOD_TEXT, GOOD_TEXT + "B"]
    reasons = {Path(skip.path).name: skip.reason for skip in skipped}
    assert reasons == {
        "pipe.txt": "not a regular file but a named pipe (FIFO); only files are read",
        "sock.txt": "not a regular file but a socket; only files are read",
        "gone.txt": "symbolic link to nothing (its target does not exist)",
        "self": "directory already read through another path (a symbolic link to it)",
    }


def test_read_unreadable_directory_or_file_is_a_skip_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests may run as root, who reads everything: the refusal is simulated where the system would give it.
    write(tmp_path / "in" / "a.txt", GOOD_TEXT)
    write(tmp_path / "in" / "locked" / "b.txt", GOOD_TEXT + "B")
    locked_file = write(tmp_path / "in" / "c.txt", GOOD_TEXT + "C")
    real_scandir, real_open = os.scandir, Path.open

    def scandir(path: Any) -> Any:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def open_file(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == locked_file:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "open", open_file)
    articles, skipped = read_all(tmp_path / "in")
    assert [article.raw for article in articles] == [GOOD_TEXT]
    assert {(Path(skip.path).name, skip.reason) for skip in skipped} == {
        ("locked", "cannot be opened: Permission denied"),
        ("c.txt", "cannot be opened: Permission denied"),
    }


def test_read_file_name_that_is_not_utf8_is_shown_with_a_replacement(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.txt")
    write(tmp_path / name, GOOD_TEXT)
    write(tmp_path / (name + "x"), GOOD_TEXT + "X")
    [article], [skip] = read_all(tmp_path)
    assert article.path == str(tmp_path / "caf\ufffd.txt")
    assert skip.path == str(tmp_path / "caf\ufffd.txtx")
    article.path.encode("utf-8")
