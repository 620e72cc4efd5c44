"""The reader's limits: a file, a stream or an HTML page over one ends in a skip naming the limit, and what came
before it is kept (issue 16)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.read.html import check_html
from tests.read.helpers import GOOD_TEXT, jsonl, read_all, write

PAGE = "<html><body><article><p>{}</p></article></body></html>"


@pytest.mark.issue(16)
def test_a_gzip_bomb_of_newlines_stops_at_the_unpacked_limit(tmp_path: Path) -> None:
    head = jsonl([{"text": GOOD_TEXT}]).encode()
    bomb = write(tmp_path / "bomb.jsonl.gz", gzip.compress(head + b"\n" * 5_000_000))
    articles, skipped = read_all(bomb, config=ReadConfig(max_unpacked_bytes=100_000))
    assert len(articles) == 1
    (skip,) = skipped
    assert "read.max_unpacked_bytes" in skip.reason


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".json"])
def test_records_past_the_limit_are_one_skip_and_the_first_are_kept(tmp_path: Path, suffix: str) -> None:
    records = [{"text": f"{GOOD_TEXT} Story {i}."} for i in range(30)]
    if suffix == ".jsonl":
        content = jsonl(records)
    elif suffix == ".json":
        content = "[" + ",".join(f'{{"text": "Story {i} about the ferry."}}' for i in range(30)) + "]"
    else:
        content = "text\n" + "".join(f"Story {i} about the ferry.\n" for i in range(30))
    path = write(tmp_path / f"feed{suffix}", content)
    articles, skipped = read_all(path, config=ReadConfig(max_records=10))
    assert 9 <= len(articles) <= 10
    (skip,) = skipped
    assert "read.max_records" in skip.reason


@pytest.mark.parametrize(
    ("html", "key"),
    [
        (PAGE.format("<p>word</p>" * 600), "max_html_elements"),
        ("<html><body>" + "<div>" * 300 + "text" + "</div>" * 300 + "</body></html>", "max_html_depth"),
        (
            "<html><body><p " + " ".join(f'a{i}="v"' for i in range(300)) + ">text</p></body></html>",
            "max_html_attributes",
        ),
    ],
)
def test_html_over_a_limit_is_skipped_before_parsing(tmp_path: Path, html: str, key: str) -> None:
    config = ReadConfig(max_html_elements=500, max_html_depth=200, max_html_attributes=200)
    with pytest.raises(errors.ReadError, match=f"read.{key}"):
        check_html(html, config)
    _, (skip,) = read_all(write(tmp_path / "page.html", html), config=config)
    assert key in skip.reason


def test_html_limits_ignore_scripts_comments_and_unclosed_paragraphs() -> None:
    script = "<script>for (i = 0; i<n; i++) { a<b; }</script>" * 100
    page = PAGE.format(script + "<!-- <div><div> -->" * 100 + "<p>para" * 150)
    check_html(page, ReadConfig(max_html_elements=1000, max_html_depth=20))
