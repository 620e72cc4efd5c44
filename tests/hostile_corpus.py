"""A hostile-input corpus written on the fly (issue 16): the probe's classes of malformed, oversized and
pathological inputs, each in several variants, and a runner that analyses every file on its own and records
what became of it.

Nothing here is committed as data: :func:`write_corpus` writes the files into a directory and returns, per file,
its class and the fewest articles it must give (records after a bad one are still read). Sizes are scaled down,
and :func:`hostile_config` sets limits small enough that the oversized inputs still go over them, so CI runs the
whole corpus in about a minute.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import resource
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from crossfact.config import Config, LimitsConfig, ReadConfig

GOOD = "The ferry to the island will sail four times a day this winter, the operator said on Monday.\n"
STORY = (
    "Officials in Brussels said on Tuesday that the new border rules would take effect on 1 March 2025.\n"
    "Prime Minister Dick Schoof told reporters the plan would cost about 2 billion euros.\n"
)
# Test limits: each oversized input is over them, so the limit (not the machine) is what stops it.
LIMIT_BYTES = 200_000
LIMIT_UNPACKED = 2_000_000
LIMIT_RECORDS = 3_000
LIMIT_ARTICLE = 12_000


def hostile_config() -> Config:
    """Return the config the corpus runs under: the defaults with small limits (and a short time budget)."""
    return Config(
        read=ReadConfig(
            max_file_bytes=LIMIT_BYTES,
            max_record_chars=LIMIT_BYTES // 2,
            max_unpacked_bytes=LIMIT_UNPACKED,
            max_records=LIMIT_RECORDS,
            max_html_elements=3_000,
            max_html_depth=200,
            max_html_attributes=200,
        ),
        limits=LimitsConfig(article_chars=LIMIT_ARTICLE, stage_seconds=20.0),
    )


@dataclass(frozen=True, slots=True)
class Case:
    """One input of the corpus: its class, and the fewest articles it must give."""

    kind: str
    min_articles: int = 0


def _unique(number: int) -> str:
    """Return a sentence of its own, so that records are not merged as duplicates of each other."""
    return f"{GOOD.strip()} Crossing number {number} was added."


def _jsonl(*records: object) -> bytes:
    return "".join(json.dumps(record) + "\n" for record in records).encode()


def _warc(pages: list[tuple[str, bytes]], *, gzipped: bool = False) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    stream = BytesIO()
    writer = WARCWriter(stream, gzip=gzipped)
    for uri, body in pages:
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(uri, "response", payload=BytesIO(body), http_headers=headers)
        )
    return stream.getvalue()


def _page(body: str) -> bytes:
    return f"<html><head><title>Ferry</title></head><body><article>{body}</article></body></html>".encode()


def write_corpus(root: Path) -> dict[Path, Case]:
    """Write the hostile corpus under ``root`` and return each input path with its Case."""
    cases: dict[Path, Case] = {}
    rng = random.Random(16)

    def put(kind: str, name: str | bytes, content: bytes, min_articles: int = 0) -> None:
        folder = root / kind
        folder.mkdir(parents=True, exist_ok=True)
        path = Path(os.fsdecode(os.path.join(os.fsencode(folder), os.fsencode(name))))
        with open(os.fsencode(path), "wb") as stream:
            stream.write(content)
        cases[path] = Case(kind, min_articles)

    good_line = _jsonl({"text": GOOD})
    # Lone surrogates in text, title and source, escaped as JSON allows.
    for i, field in enumerate(["text", "title", "source", "url", "published"] * 2):
        record = {"text": GOOD, field: ("\\ud800" if field != "text" else GOOD + "\\udfff")}
        raw = json.dumps(record).replace("\\\\u", "\\u").encode()
        put("surrogates", f"s{i}.json" if i % 2 else f"s{i}.jsonl", raw, 1)
    # Impossible dates in records, CSV cells and sidecars: a warning, never a crash.
    for i, value in enumerate(
        ["31 Feb 2024", "2024-02-31", "0000-01-01", "2024-00-10", "99-JAN-0000", "day 0"]
    ):
        put("dates", f"d{i}.jsonl", _jsonl({"text": GOOD, "published": value}), 1)
        put("dates", f"d{i}.csv", f'text,date\n"{GOOD.strip()}",{value}\n'.encode(), 1)
        put("dates", f"side{i}.txt", GOOD.encode(), 1)
        (root / "dates" / f"side{i}.meta.json").write_text(json.dumps({"published": value}))
    # File names that are not UTF-8, hold terminal escapes or line breaks.
    for i, name in enumerate(
        [b"bad\xff\xfe.txt", b"\x1b[2J\x1b[Hclear.txt", b"new\nline.txt", b"tab\tname.txt", b"\x07bell.jsonl"]
    ):
        content = GOOD.encode() if name.endswith(b".txt") else good_line
        put("names", name, content, 1)
        put("names", name.replace(b".", b"%d." % i, 1) + b".gz", gzip.compress(content), 1)
    # Records after a lone carriage return are read.
    for i in range(4):
        records = [_jsonl({"text": _unique(k)}).rstrip(b"\n") for k in range(i + 2)]
        put("lone_cr", f"cr{i}.jsonl", b"\r".join(records) + b"\n", i + 2)
        put(
            "lone_cr",
            f"cr{i}.csv",
            b"text\r" + b"".join(f'"{_unique(k)}"\r'.encode() for k in range(i + 2)),
            i + 2,
        )
    # A latin-1 row costs that row only.
    for i in range(4):
        latin = "Caf\xe9 owners in Saint-\xc9tienne met the mayor.".encode("latin-1")
        rows = b"".join(f'"{_unique(k)}"\n'.encode() for k in range(i + 1))
        put("latin1", f"l{i}.csv", b"text\n" + latin + b"\n" + rows, i + 1)
        lines = b"".join(_jsonl({"text": _unique(k)}) for k in range(i + 1))
        put("latin1", f"l{i}.jsonl", b'{"text": "' + latin + b'"}\n' + lines, i + 1)
    # JSON files of two lists or concatenated objects.
    for i in range(6):
        first = [{"text": _unique(k)} for k in range(i + 1)]
        second = [{"text": _unique(k + 100)} for k in range(i + 1)]
        body = json.dumps(first) + ("\n" if i % 2 else "") + json.dumps(second)
        put("two_json", f"j{i}.json", body.encode(), 2 * (i + 1))
    # Huge cells, lines and records (over the test limits), and rows after them.
    for i in range(4):
        huge = "word " * (LIMIT_BYTES // 5 + 1000 * (i + 1))
        put("huge", f"cell{i}.csv", f'text\n"{huge}"\n"{GOOD.strip()}"\n'.encode(), 1)
        put(
            "huge",
            f"multiline{i}.csv",
            f'text\n"{huge.replace(" ", chr(10))}"\n"{GOOD.strip()}"\n'.encode(),
            1,
        )
        put("huge", f"line{i}.jsonl", _jsonl({"text": huge}, {"text": GOOD}), 1)
        put("huge", f"file{i}.txt", huge.encode())
    # WARC records with wrong lengths, cut short, or glued to junk; the records after are read.
    page = _page(f"<p>{GOOD}</p><p>{STORY}</p>")
    for i in range(4):
        whole = _warc([("http://example.org/a", page), ("http://example.org/b", page)])
        first_end = whole.index(b"WARC/1.", 10)
        head, tail = whole[:first_end], whole[first_end:]
        put(
            "warc_length",
            f"long{i}.warc",
            head.replace(b"Content-Length: ", b"Content-Length: 9", 1) + tail,
            1,
        )
        put("warc_length", f"short{i}.warc", head[: len(head) - 40 * (i + 1)] + tail, 1)
        put("warc_length", f"junk{i}.warc", head + b"\x00junk" * (i + 1) + b"\r\n" + tail, 1)
        put("warc_length", f"gz{i}.warc.gz", gzip.compress(whole), 1)
    # Gzip bombs (small): unpacked they are over the test's unpacked limit.
    for i in range(4):
        put("gzip_bomb", f"nl{i}.jsonl.gz", gzip.compress(good_line + b"\n" * (LIMIT_UNPACKED * (i + 2))), 1)
        put("gzip_bomb", f"rows{i}.csv.gz", gzip.compress(b"text\n" + b"\n" * (LIMIT_UNPACKED * 2)))
        put("gzip_bomb", f"text{i}.txt.gz", gzip.compress(b"a" * (LIMIT_BYTES * (i + 2))))
        put("gzip_bomb", f"cut{i}.txt.gz", gzip.compress(GOOD.encode() * 50)[: 30 + 10 * i])
    # HTML built to exhaust a parser: deep, wide, attribute-heavy, entity-heavy.
    for i in range(4):
        put(
            "html_deep", f"deep{i}.html", _page("<div>" * (300 + 500 * i) + GOOD + "</div>" * (300 + 500 * i))
        )
        put(
            "html_attrs",
            f"attrs{i}.html",
            _page("<p " + " ".join(f'a{k}="v"' for k in range(300 * (i + 1))) + f">{GOOD}</p>"),
        )
        put("html_wide", f"wide{i}.html", _page("<p>Short line.</p>" * (4000 * (i + 1))))
        put("html_entities", f"ent{i}.html", _page("<p>" + "&amp;&#x41;&nbsp;" * 1000 + GOOD + "</p>"), 0)
    # Text that was quadratic in a step (within the article limit).
    patterns: dict[str, Callable[[int], str]] = {
        "abbreviations": lambda n: "U.S. " * n,
        "punctuation": lambda n: GOOD + "!?.,;:-" * (n // 7) + "\n" + GOOD,
        "letters": lambda n: "\n".join("abcdefghij"[k % 10] for k in range(n // 2)),
        "dates": lambda n: (
            "On " + ", ".join(f"{1 + k % 28} March {1990 + k % 30}" for k in range(n // 14)) + "."
        ),
        "quotes": lambda n: '"' * n,
        "entities": lambda n: "&amp; " * (n // 6),
    }
    for name, make in patterns.items():
        for i, size in enumerate((3_000, LIMIT_ARTICLE * 2)):
            put("pathological", f"{name}{i}.txt", make(size).encode(), 0)
    # Binary junk under every readable suffix; empty and blank files.
    suffixes = [".txt", ".html", ".json", ".jsonl", ".csv", ".warc", ".txt.gz", ".jsonl.gz"]
    for i in range(24):
        put(
            "binary",
            f"junk{i}{suffixes[i % len(suffixes)]}",
            bytes(rng.randrange(256) for _ in range(200 + 97 * i)),
        )
    for i, suffix in enumerate(suffixes):
        put("empty", f"empty{i}{suffix}", b"")
        put("empty", f"blank{i}{suffix}", b" \n\t\r\n" * (i + 1))
    # Malformed JSON and CSV.
    for i, body in enumerate(
        [b"{", b"[1, 2", b'{"text": 5}', b"[[[[[[[[", b"[" * 100_000, b"null", b'"text"', b"{}"]
    ):
        put("bad_json", f"b{i}.json", body)
        put("bad_json", f"b{i}.jsonl", body + b"\n" + good_line, 1)
    for i, body in enumerate(
        [b'text\n"open quote\n', b"a,b\n1,2\n", b'text\n"x""y\n' + GOOD.encode(), b"text,text\n1\n"]
    ):
        put("bad_csv", f"c{i}.csv", body)
    # Good articles cut and flipped at random bytes.
    source = (GOOD + STORY).encode()
    for i in range(30):
        data = bytearray(_jsonl({"text": GOOD + STORY, "title": "Ferry"}) if i % 3 == 0 else source)
        cut = rng.randrange(1, len(data))
        data = data[:cut] if i % 2 else data
        for _ in range(i % 5):
            data[rng.randrange(len(data))] = rng.randrange(256)
        put("mutated", f"m{i}" + (".jsonl" if i % 3 == 0 else ".txt"), bytes(data))
    _special_files(root, cases)
    return cases


def _special_files(root: Path, cases: dict[Path, Case]) -> None:
    """Add what is no regular file: FIFOs, sockets, dangling links, link loops, an unreadable directory."""
    folder = root / "special"
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(3):
        fifo = folder / f"pipe{i}.txt"
        os.mkfifo(fifo)
        cases[fifo] = Case("fifo")
        dangling = folder / f"dangling{i}.txt"
        dangling.symlink_to(folder / f"missing{i}.txt")
        cases[dangling] = Case("dangling_link")
        loop = folder / f"loop{i}"
        loop.mkdir()
        (loop / "story.txt").write_text(GOOD)
        (loop / "again").symlink_to(loop)
        cases[loop] = Case("link_loop", 1)
        self_link = folder / f"self{i}.txt"
        self_link.symlink_to(self_link)
        cases[self_link] = Case("link_loop")


def run(root: Path, out: Path) -> None:
    """Analyse every input of the corpus under ``root`` on its own, writing one JSON line per input to ``out``:
    its articles, skips, any traceback, the seconds it took and the process's peak memory after it."""
    from crossfact.pipeline import analyze

    cases = write_corpus(root)
    config = hostile_config()
    with out.open("w", encoding="utf-8") as stream:
        for path, case in cases.items():
            began = time.perf_counter()
            result: dict[str, object] = {"path": os.fsencode(path).decode("utf-8", "backslashreplace")}
            try:
                report = analyze([path], config)
                result["articles"] = len(report.articles)
                result["skipped"] = [skip.reason for skip in report.skipped]
            except BaseException:
                result["traceback"] = traceback.format_exc()
            result["kind"] = case.kind
            result["min_articles"] = case.min_articles
            result["seconds"] = time.perf_counter() - began
            result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            stream.write(json.dumps(result) + "\n")
            stream.flush()


if __name__ == "__main__":
    run(Path(sys.argv[1]), Path(sys.argv[2]))
