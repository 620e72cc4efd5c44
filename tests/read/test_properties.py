"""Property-based tests of the readers (issue 16): any bytes under any readable name give articles or skips,
never an exception, and every article's text is writable UTF-8."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crossfact.model import Article, Skipped
from crossfact.read import read_file

SUFFIXES = (".txt", ".html", ".json", ".jsonl", ".csv", ".warc", ".jsonl.gz", ".csv.gz")
# Pieces that steer random bytes into the formats' interesting corners.
PIECES = st.sampled_from(
    [
        b'{"text": "',
        b'"}',
        b"\n",
        b"\r",
        b'"',
        b",",
        b"[",
        b"]",
        b"\\ud800",
        b"text,title\n",
        b"WARC/1.0\r\n",
        b"Content-Length: 12\r\n",
        b"<p>",
        b"\xe9",
        b"\xff\xfe",
        b"\x00",
        b"The ferry sailed on Monday. ",
    ]
)
CONTENT = st.one_of(
    st.binary(max_size=400), st.lists(st.one_of(PIECES, st.binary(max_size=8)), max_size=40).map(b"".join)
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(content=CONTENT, suffix=st.sampled_from(SUFFIXES))
def test_any_bytes_give_articles_or_skips_never_an_exception(content: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"input{suffix}"
        path.write_bytes(gzip.compress(content) if suffix.endswith(".gz") else content)
        items = list(read_file(path))
    assert items, "every input gives at least one article or skip"
    for item in items:
        assert isinstance(item, Article | Skipped)
        if isinstance(item, Article):
            item.raw.encode("utf-8")  # no lone surrogate reaches the report
            assert item.raw.strip()
        else:
            assert item.reason.strip() and item.reason.isprintable()
