"""WARC input: every successfully fetched HTML or text page of a crawl archive, streamed, each an article."""

from __future__ import annotations

import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped
from crossfact.read.article import Item, Meta, make_article
from crossfact.read.decoding import decode
from crossfact.read.html import article_from_html

SUFFIXES: tuple[str, ...] = (".warc",)


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each page in a WARC file, and a Skipped naming each page that has none."""
    found = 0
    with path.open("rb") as stream:
        for number, record in _warc_records(stream, os.fstat(stream.fileno()).st_size):
            if not _is_page(record):
                _check_complete(record, number)
                continue
            found += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            # warcio undoes chunking and gzip itself and passes damaged encodings through as they are.
            body = record.content_stream().read(config.max_file_bytes + 1)
            _check_complete(record, number)
            try:
                article = _warc_article(body, record, f"{path}#{uri or f'record{number}'}", uri, config)
            except errors.ReadError as e:
                reason = errors.WARC_RECORD.format(number=number, uri=_warc_name(record), reason=e)
                yield Skipped(str(path), reason)
                continue
            yield article
    if found == 0:
        raise errors.ReadError(errors.WARC_NO_HTML)


def _warc_records(stream: IO[bytes], size: int) -> Iterator[tuple[int, Any]]:
    """Yield (number, record) for each WARC record of a file of ``size`` bytes; damage ends the file with a
    ReadError naming the record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    records = ArchiveIterator(stream)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            # A file that ends inside a header block gives a record with no type or length, and no error.
            length = str(record.rec_headers.get_header("Content-Length") or "").strip()
            if record.rec_type is None or not length.isdigit():
                reason = errors.WARC_BAD_HEADER.format(number=number)
                raise errors.ReadError(errors.BAD_WARC.format(count=number - 1, reason=reason))
            yield number, record
    except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, ValueError) as e:
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=e)) from e
    except AttributeError as e:
        # warcio 1.8.1 (recordloader.load_http_headers) calls uri.startswith() on a response record whose
        # header block was cut before its WARC-Target-URI line; found by cutting a WARC at every 37th byte.
        reason = errors.WARC_BAD_HEADER.format(number=number + 1)
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=reason)) from e
    # warcio also stops without a word when the file ends inside a later header block; its offset then
    # stays at the start of that record instead of reaching the end of the file.
    if records.offset < size:
        reason = errors.WARC_TRAILING.format(size=size - records.offset)
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=reason))


def _check_complete(record: Any, number: int) -> None:
    """Read the rest of ``record`` and raise ReadError if it is shorter than its Content-Length.

    warcio reports nothing when a file ends inside a record, so a cut WARC would lose its last page silently.
    """
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        cut = errors.WARC_CUT_SHORT.format(
            number=number, uri=_warc_name(record), missing=missing, length=record.length
        )
        raise errors.ReadError(errors.BAD_WARC.format(count=number - 1, reason=cut))


def _warc_article(body: bytes, record: Any, where: str, uri: str | None, config: ReadConfig) -> Article:
    if len(body) > config.max_file_bytes:
        raise errors.ReadError(errors.WARC_RECORD_TOO_LARGE.format(limit=config.max_file_bytes))
    text = decode(body)
    if "html" in _warc_content_type(record):
        return article_from_html(where, text, url=uri)
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    return make_article(where, text, Meta(url=uri))


def _is_page(record: Any) -> bool:
    """Return whether a WARC record is a successfully fetched HTML or text page: crawls also hold requests,
    images, redirects and error pages, none of them articles."""
    if record.rec_type not in ("response", "resource"):
        return False
    content_type = _warc_content_type(record)
    if "html" not in content_type and "text/plain" not in content_type:
        return False
    return record.http_headers is None or str(record.http_headers.get_statuscode()).startswith("2")


def _warc_name(record: Any) -> str:
    return str(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)


def _warc_content_type(record: Any) -> str:
    if record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "").lower()
    return str(record.rec_headers.get_header("Content-Type") or "").lower()
