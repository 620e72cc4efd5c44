"""Helpers shared by the reader tests: write a file (or a real WARC with warcio), read paths into articles and
skips."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped
from crossfact.read import read_paths

GOOD_TEXT = "The ferry to the island will sail four times a day this winter, the operator said on Monday.\n"


def read_all(*paths: str | Path, config: ReadConfig | None = None) -> tuple[list[Article], list[Skipped]]:
    """Return the articles and the skips read from ``paths``."""
    items = list(read_paths(list(paths), config=config))
    return [i for i in items if isinstance(i, Article)], [i for i in items if isinstance(i, Skipped)]


def write(path: Path, content: str | bytes) -> Path:
    """Return ``path`` after writing ``content`` to it byte for byte (no newline translation)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def jsonl(records: list[dict[str, object]]) -> str:
    """Return ``records`` as JSON lines."""
    return "".join(json.dumps(record) + "\n" for record in records)


def write_warc(path: Path, pages: list[tuple[str, str, bytes, str]]) -> Path:
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
