"""read_paths and read_file: one Skipped per bad file while the batch goes on, lone paths, sidecars given as
paths, and command-line metadata over everything."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from crossfact.config import ReadConfig
from crossfact.model import Article
from crossfact.read import read_paths
from tests.read.helpers import GOOD_TEXT, read_all, write


def test_read_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    path = write(tmp_path / "good.txt", GOOD_TEXT)
    items = list(read_paths(str(path)))
    assert [type(item) for item in items] == [Article]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "file looks binary"),
        ("binary.jsonl", b'{"text": "a"}\n\x00\x01\x02\x03\n', "file looks binary"),
        ("empty.txt", b"", "file is empty"),
        ("empty.jsonl.gz", b"", "file is empty"),
        ("blank.txt", b"  \n\t\n  \r\n", "file holds only whitespace"),
        ("blank.jsonl", b"\n   \n\n", "file holds only whitespace"),
        ("blank.csv", b"\r\n  \r\n", "file holds only whitespace"),
        ("undecodable.txt", "Café \x01 crème".encode("cp1252") + b"\x81\x8d", "not valid UTF-8"),
        ("undecodable.html", b"<html><body><p>caf\xe9 \x90\x9d\x02</p></body></html>", "not valid UTF-8"),
        ("broken.txt.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00garbage", "truncated or corrupt gzip"),
        ("broken.json", b'{"text": "The quay", "title": ', "malformed JSON: Expecting value: line 1"),
        ("deep.json", b"[" * 100_000, "JSON nested too deeply"),
        ("number.json", b"1" * 5000, "malformed JSON: Exceeds the limit"),
        ("empty-array.json", b"[]", "no article text found"),
        ("no-text.json", b'{"title": "Quay", "url": "https://example.org/q"}', "record has no text field"),
        ("list-text.json", b'{"text": ["The quay", "is long"]}', "record field 'text' is an array"),
        (
            "no-text-column.csv",
            b"title,url\r\nQuay,https://example.org/q\r\n",
            "CSV header has no text column",
        ),
        ("header-only.csv", b"title,text\r\n", "CSV file has a header but no data rows"),
        (
            "script-only.html",
            b"<html><head><title>Live</title></head><body><script>render()</script></body></html>",
            "no main text",
        ),
        ("garbage.warc", b"this is not a web archive\n", "truncated or corrupt WARC file"),
        ("notes.docx", b"PK\x03\x04", "unsupported file kind '.docx'"),
    ],
)
def test_read_bad_file_is_one_skip_and_the_batch_goes_on(
    tmp_path: Path, name: str, content: bytes, reason: str
) -> None:
    bad = write(tmp_path / name, content)
    before = write(tmp_path / "before.txt", GOOD_TEXT + "before")
    after = write(tmp_path / "after.txt", GOOD_TEXT + "after")
    articles, skipped = read_all(before, bad, after)
    assert [Path(article.path).name for article in articles] == ["before.txt", "after.txt"]
    [skip] = skipped
    assert skip.path == str(bad)
    assert reason in skip.reason
    assert skip.line is None


def test_read_sidecar_given_as_a_path_is_refused(tmp_path: Path) -> None:
    write(tmp_path / "a.txt", GOOD_TEXT)
    sidecar = write(tmp_path / "a.meta.json", json.dumps({"source": "A"}))
    articles, [skip] = read_all(sidecar)
    assert articles == []
    assert skip.path == str(sidecar)
    assert "metadata sidecar, not an article" in skip.reason


def test_read_command_line_metadata_wins_over_sidecar_and_file(fixtures_dir: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "harbour_page.html", tmp_path))
    write(tmp_path / "harbour_page.meta.json", json.dumps({"source": "Sidecar", "published": "2024-11-07"}))
    config = ReadConfig(source="Command line", published=date(2024, 11, 8))
    [article], _ = read_all(path, config=config)
    assert (article.source, article.published) == ("Command line", date(2024, 11, 8))
    assert article.url == "https://harbourledger.example/news/2024/11/06/quay-expansion"


def test_read_thousands_of_bad_records_in_one_file_are_listed_ten_then_counted(tmp_path: Path) -> None:
    good = json.dumps({"text": GOOD_TEXT})
    path = write(
        tmp_path / "noisy.jsonl", good + "\n" + "{broken\n" * 2813 + good.replace("ferry", "boat") + "\n"
    )
    articles, skipped = read_all(path)
    assert len(articles) == 2
    assert [skip.line for skip in skipped] == [*range(2, 12), 12]
    summary = skipped[-1].reason
    assert summary.startswith("2,803 more record(s) skipped like this one (the first 10 are listed apart)")
    assert "malformed JSON line" in summary


def test_read_file_that_fails_unexpectedly_is_one_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossfact.read import text

    def broken(path: Path, config: ReadConfig) -> Any:
        raise LookupError("a reader bug\nspanning lines")

    monkeypatch.setattr(text, "read", broken)
    path = write(tmp_path / "a.txt", GOOD_TEXT)
    [], [skip] = read_all(path)
    assert (
        skip.reason
        == "the reader failed on this file (LookupError: a reader bug spanning lines); please report it with the file"
    )
