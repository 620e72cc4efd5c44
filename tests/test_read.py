"""The reader: every format on a small real document, metadata precedence, directory walking, bad input and
streaming. Pages, feeds and exports live in tests/fixtures/read; WARCs are written here with warcio."""

from __future__ import annotations

import codecs
import gzip
import hashlib
import itertools
import json
import shutil
import tracemalloc
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped
from crossfact.read import read_paths
from tests.conftest import seed_path

GOOD_TEXT = "The ferry to the island will sail four times a day this winter, the operator said on Monday.\n"


def _read(*paths: str | Path, config: ReadConfig | None = None) -> tuple[list[Article], list[Skipped]]:
    items = list(read_paths(list(paths), config=config))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def _write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def _jsonl(records: list[dict[str, object]]) -> str:
    return "".join(json.dumps(record) + "\n" for record in records)


def _warc(path: Path, pages: list[tuple[str, str, bytes, str]]) -> Path:
    """Write a real WARC (gzipped if the name ends .gz) of (uri, HTTP status, body, content type) responses,
    after a warcinfo record and a request record, as a crawler would."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "crossfact-tests"}))
        for uri, status, body, content_type in pages:
            request = StatusAndHeaders(f"GET {uri} HTTP/1.1", [("Host", "example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(uri, "request", http_headers=request))
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)
            )
    return path


# -- each format on a small real document ------------------------------------------------------------------


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_read_txt_seed_is_one_article_with_its_text(seeds_dir: Path, number: str) -> None:
    path = seed_path(seeds_dir, number)
    articles, skipped = _read(path)
    assert skipped == []
    [article] = articles
    assert article.path == str(path)
    assert article.raw == path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert article.text == article.raw
    assert (article.source, article.url, article.title, article.published) == (None, None, None, None)


def test_read_seeds_directory_gives_the_five_seeds_in_order(seeds_dir: Path) -> None:
    articles, skipped = _read(seeds_dir)
    assert skipped == []
    assert [Path(article.path).name[:3] for article in articles] == ["000", "001", "002", "003", "004"]
    assert len({article.id for article in articles}) == 5


def test_read_html_keeps_the_story_and_drops_the_boilerplate(fixtures_dir: Path) -> None:
    [article], skipped = _read(fixtures_dir / "read" / "harbour_page.html")
    assert skipped == []
    for wanted in (
        "approved a €310 million expansion of the eastern container quay",
        "“Without the extra berth we would lose the largest ships",
        "said Marten Kool",
        "Coastal Wetlands Trust",
        "European Investment Bank",
    ):
        assert wanted in article.text
    for debris in (
        "Subscribe today",
        "cookies",
        "All rights reserved",
        "Privacy policy",
        "Related stories",
        "Ferry timetable",
        "dataLayer",
        "<p>",
    ):
        assert debris not in article.text
    assert article.title == "Port authority approves €310 million quay expansion"
    assert article.published == date(2024, 11, 6)
    assert article.url == "https://harbourledger.example/news/2024/11/06/quay-expansion"
    assert article.source == "The Harbour Ledger"


def test_read_html_without_a_date_gets_none(fixtures_dir: Path) -> None:
    # htmldate's extensive search used to date this page 2024-01-01 from its "© 2024" footer.
    [article], _ = _read(fixtures_dir / "read" / "undated_column.html")
    assert article.published is None
    assert article.warnings == ()
    assert "seal colony on the northern sandbanks" in article.text
    assert "Independent local journalism" not in article.text
    assert (article.source, article.url) == ("Valley Post", "https://valleypost.example/opinion/quay-seals")


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
        path = _write(tmp_path / "feed.jsonl.gz", gzip.compress(path.read_bytes()))
    articles, skipped = _read(path)
    assert skipped == []
    assert len(articles) == 3
    article = articles[line - 1]
    assert article.path == f"{path}#L{line}"
    assert article.text.startswith(start)
    assert (article.title, article.url, article.published, article.source) == (title, url, published, source)


@pytest.mark.parametrize(
    ("name", "paths", "titles"),
    [
        ("single.json", ["single.json"], ["Library reopens after two-year renovation"]),
        (
            "array.json",
            ["array.json#item1", "array.json#item2"],
            ["Ferry timetable changes for winter", "Dockworkers vote on new contract"],
        ),
        ("wrapped.json", ["wrapped.json#item1"], ["Seal colony survey to start in spring"]),
    ],
)
def test_read_json_object_array_and_wrapped_list(
    fixtures_dir: Path, name: str, paths: list[str], titles: list[str]
) -> None:
    articles, skipped = _read(fixtures_dir / "read" / name)
    assert skipped == []
    assert [Path(article.path).name for article in articles] == paths
    assert [article.title for article in articles] == titles
    assert all(article.url and article.source and article.published for article in articles)


def test_read_json_wrapped_list_carries_its_fields(fixtures_dir: Path) -> None:
    [article], _ = _read(fixtures_dir / "read" / "wrapped.json")
    assert article.text.startswith("The Coastal Wetlands Trust will count the seal colony")
    assert (article.url, article.published, article.source) == (
        "https://valleypost.example/news/seal-survey",
        date(2024, 11, 7),
        "Valley Post",
    )


def test_read_csv_rows_with_quoted_and_multiline_cells(fixtures_dir: Path) -> None:
    path = fixtures_dir / "read" / "wire.csv"
    articles, skipped = _read(path)
    assert skipped == []
    assert [article.path for article in articles] == [f"{path}#L2", f"{path}#L3"]
    first, second = articles
    assert first.text.startswith("Members of the drivers' union voted 81 per cent")
    assert (first.source, first.published) == ("Ostland Courier", date(2024, 10, 17))
    assert second.title == "Pay deal approved, strike threat ends"
    assert second.published == date(2024, 10, 17)
    # The cell spans three lines of a CRLF file: its paragraphs stay, the CRs go, the doubled quotes unfold.
    assert "the union said.\n\nIts chair, Petra Lind" in second.text
    assert 'the result "closes a difficult year" for drivers.' in second.text
    assert "\r" not in second.text


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_read_warc_reads_the_pages_and_nothing_else(fixtures_dir: Path, tmp_path: Path, name: str) -> None:
    page = (fixtures_dir / "read" / "harbour_page.html").read_bytes()
    path = _warc(
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
    articles, skipped = _read(path)
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
    path = _warc(
        tmp_path / "crawl.warc.gz",
        [("https://example.org/gone", "404 Not Found", b"<p>Gone</p>", "text/html")],
    )
    articles, [skip] = _read(path)
    assert articles == []
    assert skip == Skipped(
        str(path), "WARC file holds no successful (2xx) HTML or plain-text response record"
    )


# -- metadata: file < sidecar < command line -----------------------------------------------------------------


@pytest.mark.parametrize("sidecar", ["harbour_page.meta.json", "harbour_page.html.meta.json"])
def test_read_sidecar_overrides_the_file_metadata(fixtures_dir: Path, tmp_path: Path, sidecar: str) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "harbour_page.html", tmp_path))
    _write(tmp_path / sidecar, json.dumps({"outlet": "Harbour Ledger (print)", "published": "2024-11-07"}))
    [article], skipped = _read(path)
    assert skipped == []
    assert (article.source, article.published) == ("Harbour Ledger (print)", date(2024, 11, 7))
    # What the sidecar does not set still comes from the page.
    assert article.title == "Port authority approves €310 million quay expansion"


def test_read_sidecar_applies_to_every_record_of_a_feed(fixtures_dir: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "feed.jsonl", tmp_path))
    _write(tmp_path / "feed.meta.json", json.dumps({"source": "Feed archive"}))
    articles, _ = _read(path)
    assert [article.source for article in articles] == ["Feed archive"] * 3
    assert [article.published for article in articles] == [date(2024, 10, 16)] * 3


def test_read_command_line_metadata_wins_over_sidecar_and_file(fixtures_dir: Path, tmp_path: Path) -> None:
    path = Path(shutil.copy(fixtures_dir / "read" / "harbour_page.html", tmp_path))
    _write(tmp_path / "harbour_page.meta.json", json.dumps({"source": "Sidecar", "published": "2024-11-07"}))
    config = ReadConfig(source="Command line", published=date(2024, 11, 8))
    [article], _ = _read(path, config=config)
    assert (article.source, article.published) == ("Command line", date(2024, 11, 8))
    assert article.url == "https://harbourledger.example/news/2024/11/06/quay-expansion"


@pytest.mark.parametrize("pattern", ["{dir}", "{dir}/*", "{dir}/**"])
def test_read_sidecars_are_not_articles(tmp_path: Path, pattern: str) -> None:
    _write(tmp_path / "in" / "a.txt", GOOD_TEXT)
    _write(tmp_path / "in" / "a.meta.json", json.dumps({"source": "A", "text": "not an article"}))
    _write(tmp_path / "in" / "b.jsonl.gz", gzip.compress(_jsonl([{"text": GOOD_TEXT + "B"}]).encode()))
    _write(tmp_path / "in" / "b.jsonl.gz.meta.json", json.dumps({"source": "B"}))
    _write(tmp_path / "in" / "c.txt", GOOD_TEXT + "C")
    _write(tmp_path / "in" / "c.txt.meta.json", json.dumps({"source": "C", "published": "2024-11-06"}))
    _write(tmp_path / "in" / "lost.meta.json", json.dumps({"source": "nobody"}))
    articles, skipped = _read(pattern.format(dir=tmp_path / "in"))
    assert [article.source for article in articles] == ["A", "B", "C"]
    assert articles[2].published == date(2024, 11, 6)
    [orphan] = skipped
    assert orphan.path == str(tmp_path / "in" / "lost.meta.json")
    assert "sidecar with no article file" in orphan.reason


def test_read_sidecar_given_as_a_path_is_refused(tmp_path: Path) -> None:
    _write(tmp_path / "a.txt", GOOD_TEXT)
    sidecar = _write(tmp_path / "a.meta.json", json.dumps({"source": "A"}))
    articles, [skip] = _read(sidecar)
    assert articles == []
    assert skip.path == str(sidecar)
    assert "metadata sidecar, not an article" in skip.reason


@pytest.mark.parametrize(
    ("content", "reason"), [("{not json", "Expecting property name"), ("[1, 2]", "not a JSON")]
)
def test_read_bad_sidecar_skips_its_file_and_names_the_sidecar(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = _write(tmp_path / "a.txt", GOOD_TEXT)
    _write(tmp_path / "a.meta.json", content)
    _write(tmp_path / "b.txt", GOOD_TEXT + "B")
    articles, [skip] = _read(path, tmp_path / "b.txt")
    assert [Path(article.path).name for article in articles] == ["b.txt"]
    assert skip.path == str(path)
    assert "a.meta.json" in skip.reason
    assert reason in skip.reason


# -- finding files ---------------------------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A small input folder as a researcher leaves it: nested, with hidden files and stray kinds."""
    for name in ("b.txt", "a/z.txt", "a/y.TXT", ".hidden.txt", ".git/objects/x.txt", "a/.cache/q.txt"):
        _write(tmp_path / "in" / name, f"{GOOD_TEXT}({name})\n")
    _write(
        tmp_path / "in" / "a/c/d.html", f"<html><body><article><p>{GOOD_TEXT * 3}</p></article></body></html>"
    )
    _write(tmp_path / "in" / "notes.docx", b"PK\x03\x04")
    _write(tmp_path / "in" / "README", "read me")
    return tmp_path / "in"


def test_read_directory_is_walked_recursively_in_sorted_order(tree: Path) -> None:
    articles, skipped = _read(tree)
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
    articles, skipped = _read(f"{tree}/{pattern}")
    assert skipped == []
    assert [Path(article.path).relative_to(tree).as_posix() for article in articles] == names


@pytest.mark.parametrize("missing", ["nowhere.txt", "nowhere/", "*.nothing", "nowhere/**/*.txt"])
def test_read_missing_path_is_one_skip(tmp_path: Path, missing: str) -> None:
    good = _write(tmp_path / "good.txt", GOOD_TEXT)
    articles, [skip] = _read(f"{tmp_path}/{missing}", good)
    assert len(articles) == 1
    assert skip.path == f"{tmp_path}/{missing}"
    assert skip.reason == "no such file, directory or glob match"


@pytest.mark.parametrize("hidden", [[], [".DS_Store", ".git/HEAD"]], ids=["empty", "only-hidden"])
def test_read_directory_with_no_readable_file_is_one_skip(tmp_path: Path, hidden: list[str]) -> None:
    (tmp_path / "in").mkdir()
    for name in hidden:
        _write(tmp_path / "in" / name, "x")
    articles, [skip] = _read(tmp_path / "in")
    assert articles == []
    assert skip.path == str(tmp_path / "in")
    assert skip.reason.startswith("directory holds no file of a readable kind")


def test_read_a_single_path_string_is_one_path(tmp_path: Path) -> None:
    path = _write(tmp_path / "good.txt", GOOD_TEXT)
    items = list(read_paths(str(path)))
    assert [type(item) for item in items] == [Article]


# -- bad input: one Skipped naming the file, the batch goes on ---------------------------------------------


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
    bad = _write(tmp_path / name, content)
    before = _write(tmp_path / "before.txt", GOOD_TEXT + "before")
    after = _write(tmp_path / "after.txt", GOOD_TEXT + "after")
    articles, skipped = _read(before, bad, after)
    assert [Path(article.path).name for article in articles] == ["before.txt", "after.txt"]
    [skip] = skipped
    assert skip.path == str(bad)
    assert reason in skip.reason
    assert skip.line is None


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
    path = _write(tmp_path / name, content)
    articles, [skip] = _read(path)
    assert [article.raw.split(".")[0].split(",")[0] for article in articles] == ["One", "Three"]
    assert (skip.path, skip.line) == (str(path), line)
    assert reason in skip.reason


def test_read_bad_item_of_a_json_array_is_named_by_its_index(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.json", json.dumps([{"text": "One."}, "Two.", {"text": "Three."}]))
    articles, [skip] = _read(path)
    assert [article.path for article in articles] == [f"{path}#item1", f"{path}#item3"]
    assert skip == Skipped(str(path), "item 2: JSON record is a string, expected an object with a text field")


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
    [article], skipped = _read(_write(tmp_path / "a.txt", data))
    assert skipped == []
    assert article.raw == "Café owners in Ålesund said “no”.\n"


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.jsonl.gz", "wire.csv"])
def test_read_utf16_feeds_with_bom(tmp_path: Path, name: str) -> None:
    # Windows PowerShell's `>` and Excel's "Unicode text" write UTF-16 with a byte-order mark.
    if name.endswith(".csv"):
        text = "title,text\r\nÅlesund,Café owners said “no”.\r\nTromsø,Fishers agreed.\r\n"
    else:
        text = _jsonl([{"title": "Ålesund", "text": "Café owners said “no”."}, {"text": "Fishers agreed."}])
    data = text.encode("utf-16")
    articles, skipped = _read(_write(tmp_path / name, gzip.compress(data) if name.endswith(".gz") else data))
    assert skipped == []
    assert [article.raw for article in articles] == ["Café owners said “no”.", "Fishers agreed."]
    assert articles[0].title == "Ålesund"


def test_read_truncated_gzip_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    records = [
        {"text": f"Record {n}: " + hashlib.sha256(str(n).encode()).hexdigest()} for n in range(1, 2001)
    ]
    packed = gzip.compress(_jsonl(records).encode())
    path = _write(tmp_path / "feed.jsonl.gz", packed[: len(packed) // 2])
    articles, [skip] = _read(path)
    kept = len(articles)
    assert 0 < kept < 2000
    assert [article.raw for article in articles] == [record["text"] for record in records[:kept]]
    assert skip.path == str(path)
    assert skip.line == kept + 1
    assert f"truncated or corrupt gzip data from this line on (the {kept} lines before it were read)" in (
        skip.reason
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
    whole = _warc(tmp_path / f"whole-{name}", pages).read_bytes()
    last = _warc(tmp_path / f"two-{name}", pages[:2]).stat().st_size
    # Cut inside the last response's body, inside its WARC header block, or a few bytes after a record.
    end = {"body": len(whole) - 400, "header": last + 200, "trailing": last + 5}[cut]
    if name.endswith(".gz") and cut != "body":
        end = last + 20  # a gzip member cut this early unpacks to part of the next header block
    path = _write(tmp_path / name, whole[:end])
    articles, [skip] = _read(path)
    assert [article.path.split("#")[1] for article in articles] == [uri for uri, *_ in pages[:2]]
    assert skip.path == str(path)
    assert skip.reason.startswith("truncated or corrupt WARC file after")


@pytest.mark.parametrize(
    ("name", "content", "articles", "reason"),
    [
        ("big.txt", GOOD_TEXT * 20, 0, "file is 1860 bytes, over the limit of 1000 bytes"),
        ("big.json", json.dumps({"text": GOOD_TEXT * 20}), 0, "over the limit of 1000 bytes"),
        ("bomb.txt.gz", gzip.compress(b"a" * 100_000), 0, "file unpacks to more than 1000 bytes"),
        (
            "feed.jsonl",
            _jsonl([{"text": "One."}, {"text": GOOD_TEXT * 20}, {"text": "Three."}]),
            2,
            "line is over the limit of 1000 bytes",
        ),
    ],
)
def test_read_input_over_the_size_limit_is_skipped(
    tmp_path: Path, name: str, content: str | bytes, articles: int, reason: str
) -> None:
    path = _write(tmp_path / name, content)
    found, [skip] = _read(path, config=ReadConfig(max_file_bytes=1000))
    assert len(found) == articles
    assert skip.path == str(path)
    assert reason in skip.reason


def test_read_record_over_the_text_limit_is_skipped(tmp_path: Path) -> None:
    path = _write(tmp_path / "feed.jsonl", _jsonl([{"text": "One."}, {"text": "x" * 50}]))
    found, [skip] = _read(path, config=ReadConfig(max_record_chars=20))
    assert [article.raw for article in found] == ["One."]
    assert (skip.line, skip.reason) == (
        2,
        "record text is 50 characters, over the limit of 20 (config read.max_record_chars)",
    )


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
    path = _write(tmp_path / "feed.jsonl", _jsonl([{"text": GOOD_TEXT, "published": value}]))
    [article], skipped = _read(path)
    assert skipped == []
    assert article.published == published
    if published is None:
        assert article.warnings == (
            f"published date '{value}' is not a date (the article is kept without one)",
        )
    else:
        assert article.warnings == ()


# -- streaming -------------------------------------------------------------------------------------------


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


# -- ids and hashes --------------------------------------------------------------------------------------


def test_read_ids_are_stable_across_runs(fixtures_dir: Path, seeds_dir: Path) -> None:
    first, _ = _read(fixtures_dir / "read", seeds_dir)
    second, _ = _read(fixtures_dir / "read", seeds_dir)
    assert [article.id for article in first] == [article.id for article in second]
    assert len(first) == 16
    for article in first:
        assert article.raw_sha256 == hashlib.sha256(article.raw.encode("utf-8")).hexdigest()
        assert article.id == f"art-{article.raw_sha256[:12]}"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_read_normalises_line_ends_to_lf(tmp_path: Path, newline: str) -> None:
    lines = ["The quay will be 640 metres longer.", "", "Work starts in spring."]
    unix = _write(tmp_path / "unix.txt", "\n".join(lines))
    other = _write(tmp_path / "other.txt", newline.join(lines))
    [a, b], _ = _read(unix, other)
    assert b.raw == "\n".join(lines)
    assert (a.id, a.raw_sha256) == (b.id, b.raw_sha256)
