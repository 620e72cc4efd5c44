"""Finding files: directories walked in order, globs, missing paths, and the sidecars that travel with their articles."""

from __future__ import annotations

import gzip
import json
import shutil
from datetime import date
from pathlib import Path

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
