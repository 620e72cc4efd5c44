"""The WARC format: only fetched pages become articles, and a cut archive keeps what came before the cut. WARCs
are written here with warcio."""

from __future__ import annotations

import gzip
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from crossfact.config import ReadConfig
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
    # Crawls hold more than pages: each response that is no article is a skip saying what it is.
    assert [skip.reason.split(": ", 1)[1] for skip in skipped] == [
        "not an article: image/png",
        "not an article: HTTP status 404, not a page that was fetched",
        "not an article: a redirect (HTTP 301)",
    ]
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
    articles, [gone, skip] = read_all(path)
    assert articles == []
    assert gone.reason.endswith("not an article: HTTP status 404, not a page that was fetched")
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


def _page(n: int) -> bytes:
    return (
        f"<html><head><title>Ferry {n}</title></head><body><article><p>{GOOD_TEXT} This is page {n}, and the "
        f"operator said the timetable for page {n} would be published on Friday.</p></article></body></html>"
    ).encode()


def test_read_warc_records_that_are_not_articles_are_each_skipped_with_what_they_are(tmp_path: Path) -> None:
    path = write_warc(
        tmp_path / "crawl.warc",
        [
            (
                "https://example.org/robots.txt",
                "200 OK",
                b"User-agent: *\nDisallow: /private\n",
                "text/plain",
            ),
            ("https://example.org/site.css", "200 OK", b"body { color: red }", "text/css"),
            ("https://example.org/app.js", "200 OK", b"alert(1)", "application/javascript"),
            ("https://example.org/api", "200 OK", b'{"text": "x"}', "application/json"),
            ("https://example.org/ferry", "200 OK", _page(1), "text/html"),
            ("https://example.org/moved", "302 Found", b"", "text/html"),
            ("https://example.org/error", "500 Internal Server Error", _page(2), "text/html"),
        ],
    )
    [article], skipped = read_all(path)
    assert article.url == "https://example.org/ferry"
    assert [skip.reason.split(": ", 1)[1] for skip in skipped] == [
        "not an article: robots.txt",
        "not an article: text/css",
        "not an article: application/javascript",
        "not an article: application/json",
        "not an article: a redirect (HTTP 302)",
        "not an article: HTTP status 500, not a page that was fetched",
    ]


def test_read_warc_gzipped_as_one_whole_file_is_read(tmp_path: Path) -> None:
    plain = write_warc(
        tmp_path / "crawl.warc",
        [(f"https://example.org/{n}", "200 OK", _page(n), "text/html") for n in range(3)],
    )
    packed = write(tmp_path / "packed.warc.gz", gzip.compress(plain.read_bytes()))
    articles, skipped = read_all(packed)
    assert skipped == []
    assert [article.url for article in articles] == [f"https://example.org/{n}" for n in range(3)]


@pytest.mark.parametrize("change", [-40, +40])
def test_read_warc_record_with_a_wrong_length_costs_that_record_only(tmp_path: Path, change: int) -> None:
    pages = [(f"https://example.org/{n}", "200 OK", _page(n), "text/html") for n in range(4)]
    data = write_warc(tmp_path / "crawl.warc", pages).read_bytes()
    # Falsify the Content-Length of the second page's response record.
    header_at = data.index(b"WARC-Type: response", data.index(b"WARC-Type: response") + 1)
    length_at = data.index(b"Content-Length: ", header_at) + len(b"Content-Length: ")
    end = data.index(b"\r\n", length_at)
    length = int(data[length_at:end]) + change
    path = write(tmp_path / "bad.warc", data[:length_at] + str(length).encode() + data[end:])
    articles, skipped = read_all(path)
    urls = [article.url for article in articles]
    # warcio passes over a few stray bytes before the next header, so a length too short loses nothing; one
    # too long swallows the start of the next record, whose header is then found again by searching.
    assert {"https://example.org/0", "https://example.org/2", "https://example.org/3"} <= set(urls)
    if change > 0:
        assert [skip.reason.split(" (")[0] for skip in skipped] == ["damaged record"]
        assert all("\n" not in skip.reason for skip in skipped)


@pytest.mark.issue(16)
def test_read_warc_stops_at_the_record_that_passes_the_unpacked_limit(tmp_path: Path) -> None:
    pages = [(f"https://example.org/{n}", "200 OK", _page(n), "text/html") for n in range(3)]
    path = write_warc(tmp_path / "crawl.warc.gz", pages)
    everything, _ = read_all(path)
    # A limit that the records up to the second page fit in, and the third page's record passes.
    with path.open("rb") as raw:
        lengths = [int(r.rec_headers.get_header("Content-Length")) for r in ArchiveIterator(raw)]
    limit = sum(lengths) - lengths[-1] // 2
    articles, skipped = read_all(path, config=ReadConfig(max_unpacked_bytes=limit))
    assert len(everything) == 3
    assert [a.url for a in articles] == [a.url for a in everything[:2]]
    assert [skip.reason for skip in skipped] == [
        f"stopped after {limit:,} bytes read (config read.max_unpacked_bytes); the rest of the file was skipped"
    ]


def test_read_warc_page_in_a_declared_charset_keeps_its_letters(tmp_path: Path) -> None:
    russian = (
        "<html><body><article><p>Мост через реку открыт для движения после ремонта, сообщили власти города "
        "в понедельник утром.</p><p>Ремонт моста длился два года и обошёлся городу дороже плана.</p>"
        "</article></body></html>"
    )
    path = write_warc(
        tmp_path / "crawl.warc",
        [("https://example.ru/most", "200 OK", russian.encode("cp1251"), "text/html; charset=windows-1251")],
    )
    [article], _ = read_all(path)
    assert article.text.startswith("Мост через реку")
