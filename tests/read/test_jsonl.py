"""The JSON-lines format: fields under each name, gzipped or not, and a large file streamed."""

from __future__ import annotations

import gzip
import itertools
import json
import tracemalloc
from datetime import date
from pathlib import Path

import pytest

from crossfact.model import Article
from crossfact.read import read_paths
from tests.read.helpers import GOOD_TEXT, jsonl, read_all, write


@pytest.mark.parametrize(
    ("line", "start", "title", "url", "published", "source"),
    [
        (
            1,
            "Rail unions in the Ostland region",
            "Rail strike called off after 6.5% pay deal",
            "https://ostlandcourier.example/2024/10/16/rail-strike-off",
            date(2024, 10, 16),
            "Ostland Courier",
        ),
        (
            2,
            "Trains will run to the normal timetable",
            "Trains to run normally on Thursday",
            "https://valleypost.example/news/trains-run-normally",
            date(2024, 10, 16),
            "Valley Post",
        ),
        (
            3,
            "OSTLAND, Oct 16 (Regional Wire)",
            "Ostbahn and union agree pay rise",
            "https://regionalwire.example/item/88213",
            date(2024, 10, 16),
            "Regional Wire",
        ),
    ],
)
@pytest.mark.parametrize("packed", [False, True], ids=["jsonl", "jsonl.gz"])
def test_read_jsonl_finds_text_and_metadata_under_each_field_name(
    fixtures_dir: Path,
    tmp_path: Path,
    packed: bool,
    line: int,
    start: str,
    title: str,
    url: str,
    published: date,
    source: str,
) -> None:
    path = fixtures_dir / "read" / "feed.jsonl"
    if packed:
        path = write(tmp_path / "feed.jsonl.gz", gzip.compress(path.read_bytes()))
    articles, skipped = read_all(path)
    assert skipped == []
    assert len(articles) == 3
    article = articles[line - 1]
    assert article.path == f"{path}#L{line}"
    assert article.text.startswith(start)
    assert (article.title, article.url, article.published, article.source) == (title, url, published, source)


def test_read_large_jsonl_is_streamed(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8") as stream:
        for n in range(100_000):
            stream.write(f'{{"text": "Short item number {n} about the quay.", "source": "Wire"}}\n')
    size = path.stat().st_size
    tracemalloc.start()
    try:
        first = list(itertools.islice(read_paths([path]), 10))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [article.raw for article in first if isinstance(article, Article)] == [
        f"Short item number {n} about the quay." for n in range(10)
    ]
    assert size > 5_000_000
    assert peak < size / 20


@pytest.mark.parametrize("bad", [b"\xe9t\xe9 caf\xe9\n", b'{"text": "a\rb"}\n'])
def test_read_bad_jsonl_line_is_skipped_and_the_lines_after_it_are_read(tmp_path: Path, bad: bytes) -> None:
    records = [{"text": f"{GOOD_TEXT} Record {n}."} for n in range(3)]
    lines = jsonl(records).encode().splitlines(keepends=True)
    path = write(tmp_path / "feed.jsonl", lines[0] + bad + b"".join(lines[1:]))
    articles, [skip] = read_all(path)
    assert [article.raw for article in articles] == [record["text"] for record in records]
    assert skip.line == 2


def test_read_jsonl_records_ended_by_a_lone_carriage_return_are_all_read(tmp_path: Path) -> None:
    records = [{"text": f"{GOOD_TEXT} Record {n}."} for n in range(3)]
    path = write(tmp_path / "mac.jsonl", "\r".join(json.dumps(record) for record in records) + "\n")
    articles, skipped = read_all(path)
    assert skipped == []
    assert [article.raw for article in articles] == [record["text"] for record in records]
