"""Records of feeds and exports: a bad record is skipped with its line, a long one over the cap."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossfact.config import ReadConfig
from tests.read.helpers import jsonl, read_all, write


@pytest.mark.parametrize(
    ("name", "content", "line", "reason"),
    [
        (
            "feed.jsonl",
            b'{"text": "One."}\n{"text": "Two", "title": }\n{"text": "Three."}\n',
            2,
            "malformed JSON line: Expecting value at column 26",
        ),
        ("feed.jsonl", b'{"text": "One."}\n["Two"]\n{"text": "Three."}\n', 2, "JSON record is an array"),
        (
            "feed.jsonl",
            b'{"text": "One."}\n\n{"title": "Two"}\n{"text": "Three."}\n',
            3,
            "record has no text field",
        ),
        (
            "feed.jsonl",
            b'{"text": "One."}\n{"text": "   "}\n{"text": "Three."}\n',
            2,
            "no article text found",
        ),
        (
            "feed.jsonl",
            b'{"text": "One."}\n{"text": "caf\xe9"}\n{"text": "Three."}\n',
            2,
            "line is not valid UTF-8",
        ),
        ("feed.jsonl", b'{"text": "One."}\n{"text": 2}\n{"text": "Three."}\n', 2, "'text' is a number"),
        (
            "wire.csv",
            b'title,text\r\nOne,"One,\r\nsecond line."\r\nTwo,Two.,extra\r\nThree,Three.\r\n',
            4,
            "malformed CSV row: 3 fields where the header has 2",
        ),
        (
            "wire.csv",
            b'title,text\r\nOne,One.\r\nTwo,"Two" and more\r\nThree,Three.\r\n',
            3,
            "malformed CSV row: ',' expected after '\"'",
        ),
        ("wire.csv", b"title,text\r\nOne,One.\r\nTwo,\r\nThree,Three.\r\n", 3, "no article text found"),
    ],
)
def test_read_bad_record_is_skipped_with_its_line(
    tmp_path: Path, name: str, content: bytes, line: int, reason: str
) -> None:
    path = write(tmp_path / name, content)
    articles, [skip] = read_all(path)
    assert [article.raw.split(".")[0].split(",")[0] for article in articles] == ["One", "Three"]
    assert (skip.path, skip.line) == (str(path), line)
    assert reason in skip.reason


def test_read_record_over_the_text_limit_is_skipped(tmp_path: Path) -> None:
    path = write(tmp_path / "feed.jsonl", jsonl([{"text": "One."}, {"text": "x" * 50}]))
    found, [skip] = read_all(path, config=ReadConfig(max_record_chars=20))
    assert [article.raw for article in found] == ["One."]
    assert (skip.line, skip.reason) == (
        2,
        "record text is 50 characters, over the limit of 20 (config read.max_record_chars)",
    )
