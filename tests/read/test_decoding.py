"""Bytes to text: encodings and byte-order marks, truncated gzip, and the size caps."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import json
from pathlib import Path

import pytest

from crossfact.config import ReadConfig
from tests.read.helpers import GOOD_TEXT, jsonl, read_all, write


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", "Café owners in Ålesund said “no”.\n".encode()),
        ("utf-8 with BOM", codecs.BOM_UTF8 + "Café owners in Ålesund said “no”.\n".encode()),
        ("utf-16-le with BOM", "Café owners in Ålesund said “no”.\n".encode("utf-16")),
        (
            "utf-16-be with BOM",
            codecs.BOM_UTF16_BE + "Café owners in Ålesund said “no”.\n".encode("utf-16-be"),
        ),
        ("utf-32 with BOM", "Café owners in Ålesund said “no”.\n".encode("utf-32")),
        ("windows-1252", "Café owners in Ålesund said “no”.\n".encode("cp1252")),
    ],
)
def test_read_text_encodings(tmp_path: Path, encoding: str, data: bytes) -> None:
    [article], skipped = read_all(write(tmp_path / "a.txt", data))
    assert skipped == []
    assert article.raw == "Café owners in Ålesund said “no”.\n"


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz", "wire.csv"])
def test_read_utf16_feeds_with_bom(tmp_path: Path, name: str) -> None:
    # Windows PowerShell's `>` and Excel's "Unicode text" write UTF-16 with a byte-order mark.
    if name.endswith(".csv"):
        text = "title,text\r\nÅlesund,Café owners said “no”.\r\nTromsø,Fishers agreed.\r\n"
    else:
        text = jsonl([{"title": "Ålesund", "text": "Café owners said “no”."}, {"text": "Fishers agreed."}])
    data = text.encode("utf-16")
    articles, skipped = read_all(
        write(tmp_path / name, gzip.compress(data) if name.endswith(".gz") else data)
    )
    assert skipped == []
    assert [article.raw for article in articles] == ["Café owners said “no”.", "Fishers agreed."]
    assert articles[0].title == "Ålesund"


def test_read_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [
        {"text": f"Record {n}: " + hashlib.sha256(str(n).encode()).hexdigest()} for n in range(1, 2001)
    ]
    packed = gzip.compress(jsonl(records).encode())
    path = write(tmp_path / "feed.jsonl.gz", packed[: len(packed) // 2])
    articles, [skip] = read_all(path)
    kept = len(articles)
    assert 0 < kept < 2000
    assert [article.raw for article in articles] == [record["text"] for record in records[:kept]]
    assert skip.path == str(path)
    assert skip.line == kept + 1
    assert f"truncated or corrupt gzip data from this line on (the {kept} lines before it were read)" in (
        skip.reason
    )


@pytest.mark.parametrize(
    ("name", "content", "articles", "reason"),
    [
        ("big.txt", GOOD_TEXT * 20, 0, "file is 1860 bytes, over the limit of 1000 bytes"),
        ("big.json", json.dumps({"text": GOOD_TEXT * 20}), 0, "over the limit of 1000 bytes"),
        ("bomb.txt.gz", gzip.compress(b"a" * 100_000), 0, "file unpacks to more than 1000 bytes"),
        (
            "feed.jsonl",
            jsonl([{"text": "One."}, {"text": GOOD_TEXT * 20}, {"text": "Three."}]),
            2,
            "line is over the limit of 1000 bytes",
        ),
    ],
)
def test_read_input_over_the_size_limit_is_skipped(
    tmp_path: Path, name: str, content: str | bytes, articles: int, reason: str
) -> None:
    path = write(tmp_path / name, content)
    found, [skip] = read_all(path, config=ReadConfig(max_file_bytes=1000))
    assert len(found) == articles
    assert skip.path == str(path)
    assert reason in skip.reason
