"""Articles: ids stable across runs, line ends normalised, published dates parsed or warned about."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from tests.read.helpers import GOOD_TEXT, jsonl, read_all, write


def test_read_ids_are_stable_across_runs(fixtures_dir: Path, seeds_dir: Path) -> None:
    first, _ = read_all(fixtures_dir / "read", seeds_dir)
    second, _ = read_all(fixtures_dir / "read", seeds_dir)
    assert [article.id for article in first] == [article.id for article in second]
    assert len(first) == 16
    for article in first:
        assert article.raw_sha256 == hashlib.sha256(article.raw.encode("utf-8")).hexdigest()
        assert article.id == f"art-{article.raw_sha256[:12]}"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_read_normalises_line_ends_to_lf(tmp_path: Path, newline: str) -> None:
    lines = ["The quay will be 640 metres longer.", "", "Work starts in spring."]
    unix = write(tmp_path / "unix.txt", "\n".join(lines))
    other = write(tmp_path / "other.txt", newline.join(lines))
    [a, b], _ = read_all(unix, other)
    assert b.raw == "\n".join(lines)
    assert (a.id, a.raw_sha256) == (b.id, b.raw_sha256)


@pytest.mark.parametrize(
    ("value", "published"),
    [
        ("2024-10-16", date(2024, 10, 16)),
        ("2024-10-16T23:30:00-05:00", date(2024, 10, 16)),
        ("16 October 2024", date(2024, 10, 16)),
        ("Wed, 16 Oct 2024 19:05:00 GMT", date(2024, 10, 16)),
        ("October 2024", date(2024, 10, 1)),
        ("not a date", None),
        ("2024-13-45", None),
        ("Tuesday", None),
        ("March 5", None),
    ],
)
def test_read_published_date_is_parsed_or_left_out_with_a_warning(
    tmp_path: Path, value: str, published: date | None
) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl([{"text": GOOD_TEXT, "published": value}]))
    [article], skipped = read_all(path)
    assert skipped == []
    assert article.published == published
    if published is None:
        assert article.warnings == (
            f"published date '{value}' is not a date (the article is kept without one)",
        )
    else:
        assert article.warnings == ()


def test_read_lone_surrogate_in_a_json_text_or_title_is_replaced_visibly(tmp_path: Path) -> None:
    path = write(
        tmp_path / "feed.jsonl",
        '{"text": "The quay \\ud800 opens.", "title": "Quay \\udc00"}\n' + jsonl([{"text": GOOD_TEXT}]),
    )
    [odd, good], skipped = read_all(path)
    assert skipped == []
    assert (odd.text, odd.title) == ("The quay \ufffd opens.", "Quay \ufffd")
    assert "2 lone surrogate" in odd.warnings[0]
    assert good.text == GOOD_TEXT
    odd.raw.encode("utf-8")  # what the report writes must be UTF-8


@pytest.mark.parametrize("value", ["31 Feb 2020", "2020-02-31", "2020-01-00", "0000-01-01", "31-FEB-2020"])
def test_read_impossible_date_is_a_warning_and_no_date(tmp_path: Path, value: str) -> None:
    feed = write(tmp_path / "feed.jsonl", jsonl([{"text": GOOD_TEXT, "published": value}]))
    table = write(tmp_path / "table.csv", f'text,date\n"{GOOD_TEXT.strip()} Table.",{value}\n')
    page = write(tmp_path / "page.txt", GOOD_TEXT + "Sidecar.")
    write(tmp_path / "page.meta.json", json.dumps({"published": value}))
    articles, skipped = read_all(feed, table, page)
    assert skipped == []
    assert len(articles) == 3
    for article in articles:
        assert article.published is None
        assert any(value in warning and "is not a date" in warning for warning in article.warnings)
