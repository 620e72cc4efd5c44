"""The WARC format: only fetched pages become articles, and a cut archive keeps what came before the cut. WARCs
are written here with warcio."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crossfact.model import Skipped
from tests.read.helpers import GOOD_TEXT, read_all, write, write_warc


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_warc_reads_the_pages_and_nothing_else(fixtures_dir: Path, tmp_path: Path, name: str) -> None:
    page = (fixtures_dir / "read" / "harbour_page.html").read_bytes()
    path = write_warc(
        tmp_path / name,
        [
            ("https://harbourledger.example/q", "200 OK", page, "text/html; charset=utf-8"),
            ("https://harbourledger.example/logo.png", "200 OK", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
            (
                "https://harbourledger.example/gone",
                "404 Not Found",
                b"<html><p>Page not found</p>",
                "text/html",
            ),
            ("https://harbourledger.example/old", "301 Moved Permanently", b"", "text/html"),
            ("https://harbourledger.example/notice.txt", "200 OK", GOOD_TEXT.encode(), "text/plain"),
        ],
    )
    articles, skipped = read_all(path)
    assert skipped == []
    page_article, text_article = articles
    assert page_article.path == f"{path}#https://harbourledger.example/q"
    assert "said Marten Kool" in page_article.text
    assert "Subscribe today" not in page_article.text
    assert page_article.url == "https://harbourledger.example/news/2024/11/06/quay-expansion"
    assert (page_article.source, page_article.published) == ("The Harbour Ledger", date(2024, 11, 6))
    assert text_article.raw == GOOD_TEXT
    assert text_article.url == "https://harbourledger.example/notice.txt"


def test_read_warc_without_a_page_is_one_skip(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc.gz",
        [("https://example.org/gone", "404 Not Found", b"<p>Gone</p>", "text/html")],
    )
    articles, [skip] = read_all(path)
    assert articles == []
    assert skip == Skipped(
        str(path), "WARC file holds no successful (2xx) HTML or plain-text response record"
    )


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("cut", ["body", "header", "trailing"])
def test_read_truncated_warc_keeps_the_records_before_the_cut(
    fixtures_dir: Path, tmp_path: Path, name: str, cut: str
) -> None:
    page = (fixtures_dir / "read" / "harbour_page.html").read_bytes()
    pages = [
        (
            f"https://harbourledger.example/{n}",
            "200 OK",
            page.replace(b"eastern", b"eastern %d" % n),
            "text/html",
        )
        for n in range(3)
    ]
    whole = write_warc(tmp_path / f"whole-{name}", pages).read_bytes()
    last = write_warc(tmp_path / f"two-{name}", pages[:2]).stat().st_size
    # Cut inside the last response's body, inside its WARC header block, or a few bytes after a record.
    end = {"body": len(whole) - 400, "header": last + 200, "trailing": last + 5}[cut]
    if name.endswith(".gz") and cut != "body":
        end = last + 20  # a gzip member cut this early unpacks to part of the next header block
    path = write(tmp_path / name, whole[:end])
    articles, [skip] = read_all(path)
    assert [article.path.split("#")[1] for article in articles] == [uri for uri, *_ in pages[:2]]
    assert skip.path == str(path)
    assert skip.reason.startswith("truncated or corrupt WARC file after")
