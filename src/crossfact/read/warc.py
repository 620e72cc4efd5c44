"""WARC input: every successfully fetched HTML or text page of a crawl archive, streamed, each an article."""

from __future__ import annotations

import contextlib
import gzip
import io
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, cast

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped
from crossfact.read.article import Item, Meta, make_article
from crossfact.read.decoding import decode, header_charset, html_charset
from crossfact.read.html import article_from_html

SUFFIXES: tuple[str, ...] = (".warc",)
# Record types that are no documents at all (the crawler's own bookkeeping): passed over without a skip entry.
_BOOKKEEPING = frozenset({"warcinfo", "request", "metadata", "conversion", "continuation"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
# How much of a gzipped WARC is unpacked to tell one gzip member per record from one for the whole file.
_GZIP_PROBE = 1 << 22
_SEARCH_CHUNK = 1 << 20


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each page in a WARC file, and a Skipped naming each response record that is no
    article (a redirect, an error, a stylesheet, robots.txt) or cannot be read."""
    found = 0
    with path.open("rb") as raw:
        stream: IO[bytes] = raw
        if _gzipped_whole(raw):
            # `gzip file.warc` packs the whole file in one member; warcio wants one member per record.
            stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw))
            size, marker = None, b"WARC/1."
        else:
            size = os.fstat(raw.fileno()).st_size
            marker = _GZIP_MAGIC if raw.read(3) == _GZIP_MAGIC else b"WARC/1."
        for number, record in _warc_records(stream, size, marker, config.max_unpacked_bytes):
            if number > config.max_records:
                raise errors.ReadError(errors.RECORDS_LIMIT.format(limit=config.max_records))
            if isinstance(record, errors.ReadError):
                yield Skipped(str(path), str(record))
                continue
            if record.rec_type in _BOOKKEEPING:
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI")
            not_article = _not_article(record, uri)
            if not_article:
                reason = errors.WARC_RECORD.format(number=number, uri=_warc_name(record), reason=not_article)
                yield Skipped(str(path), reason)
                continue
            # warcio undoes chunking and gzip itself and passes damaged encodings through as they are.
            body = record.content_stream().read(config.max_file_bytes + 1)
            if _drain(record) > 0:
                continue  # cut short: _warc_records says so and reads on from the next record, if any
            found += 1
            try:
                article = _warc_article(body, record, f"{path}#{uri or f'record{number}'}", uri, config)
            except errors.ReadError as e:
                reason = errors.WARC_RECORD.format(number=number, uri=_warc_name(record), reason=e)
                yield Skipped(str(path), reason)
                continue
            yield article
    if found == 0:
        raise errors.ReadError(errors.WARC_NO_HTML)


def _gzipped_whole(raw: IO[bytes]) -> bool:
    """Return whether ``raw`` is one gzip member holding several WARC records (and rewind it)."""
    head = raw.read(3)
    raw.seek(0)
    if head != _GZIP_MAGIC:
        return False
    unpacker = zlib.decompressobj(wbits=31)
    unpacked = b""
    try:
        while not unpacker.eof and len(unpacked) < _GZIP_PROBE and (chunk := raw.read(1 << 16)):
            unpacked += unpacker.decompress(chunk, _GZIP_PROBE)
            # A second record header inside the first member: the member holds more than one record.
            if b"\nWARC/1." in unpacked[1:]:
                return True
    except zlib.error:
        return False  # damaged: warcio says how when it reads the file
    finally:
        raw.seek(0)
    return False


def _warc_records(
    stream: IO[bytes], size: int | None, marker: bytes, budget: int
) -> Iterator[tuple[int, Any]]:
    """Yield (number, record) for each WARC record of a stream; after a damaged record, a ReadError saying so
    and reading on from the next record header (``marker``), or a ReadError raised if there is none. A ReadError
    is raised, before reading it, at the record whose declared length takes the file past ``budget`` bytes."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    number = 0
    base = 0
    last = -1
    unpacked = 0
    # The first damage since the last good record, and where reading went on: said once a record is found
    # there, so a cut at the end of a file gives one skip, not one per attempt.
    pending: tuple[str, int] | None = None
    while True:
        stream.seek(base)
        records = ArchiveIterator(stream)
        damage: str | None = None
        try:
            while (record := _next_quietly(records)) is not None:
                number += 1
                # A file that ends inside a header block gives a record with no type or length, and no error.
                length = str(record.rec_headers.get_header("Content-Length") or "").strip()
                if record.rec_type is None or not length.isdigit():
                    damage = errors.WARC_BAD_HEADER.format(number=number)
                    break
                # Each record is read whole (its payload unpacked, if gzipped): one record of a gzip bomb can
                # declare gigabytes, so the limit is checked on what records declare, before reading them.
                unpacked += int(length)
                if unpacked > budget:
                    raise errors.ReadError(errors.UNPACKED_LIMIT.format(limit=budget))
                last = base + records.offset
                if pending is not None:
                    yield (
                        number,
                        errors.ReadError(errors.WARC_RESYNC.format(reason=pending[0], offset=pending[1])),
                    )
                    pending = None
                yield number, record
                if _drain(record) > 0:
                    # warcio reports nothing when a record is shorter than its Content-Length.
                    damage = errors.WARC_CUT_SHORT.format(
                        number=number, uri=_warc_name(record), missing=record.raw_stream.limit, length=length
                    )
                    break
        except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, ValueError) as e:
            damage = str(e)
        except AttributeError:
            # warcio 1.8.1 (recordloader.load_http_headers) calls uri.startswith() on a response record whose
            # header block was cut before its WARC-Target-URI line; found by cutting a WARC at every 37th byte.
            damage = errors.WARC_BAD_HEADER.format(number=number + 1)
        if damage is None:
            # warcio also stops without a word when the file ends inside a later header block; its offset then
            # stays at the start of that record instead of reaching the end of the file.
            if pending is not None:
                # Nothing but the end of the file after the damage: the damage ends the file.
                raise errors.ReadError(errors.BAD_WARC.format(count=max(number - 1, 0), reason=pending[0]))
            if size is None or base + records.offset >= size:
                return
            damage = errors.WARC_TRAILING.format(size=size - base - records.offset)
        reason = pending[0] if pending is not None else " ".join(damage.split())
        resume = _next_header(stream, max(last, base) + 1, marker)
        if resume is None:
            raise errors.ReadError(errors.BAD_WARC.format(count=max(number - 1, 0), reason=reason))
        pending = (reason, resume)
        base = resume


def _next_quietly(records: Iterator[Any]) -> Any | None:
    """Return the next record, or None at the end. warcio writes a warning of several lines to stderr when a
    record is not followed by its blank lines; they are dropped, since the damage is reported as one skip."""
    with contextlib.redirect_stderr(io.StringIO()):
        return next(records, None)


def _next_header(stream: IO[bytes], start: int, marker: bytes) -> int | None:
    """Return the offset of the first record start (``marker`` at a line start, or a gzip member) at or after
    ``start``, or None."""
    stream.seek(start)
    offset = start
    tail = b""
    try:
        while chunk := stream.read(_SEARCH_CHUNK):
            window = tail + chunk
            at = window.find(marker if marker == _GZIP_MAGIC else b"\n" + marker)
            if at >= 0:
                return offset - len(tail) + at + (0 if marker == _GZIP_MAGIC else 1)
            tail = window[-len(marker) :]
            offset += len(chunk)
    except (EOFError, OSError, zlib.error):
        return None
    return None


def _drain(record: Any) -> int:
    """Read the rest of ``record`` and return how many bytes of its Content-Length are missing."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return int(getattr(raw, "limit", 0))


def _warc_article(body: bytes, record: Any, where: str, uri: str | None, config: ReadConfig) -> Article:
    if len(body) > config.max_file_bytes:
        raise errors.ReadError(errors.WARC_RECORD_TOO_LARGE.format(limit=config.max_file_bytes))
    content_type = _warc_content_type(record)
    if "html" in content_type:
        text = decode(body, declared=header_charset(content_type) or html_charset(body))
        return article_from_html(where, text, url=uri, config=config)
    text = decode(body, declared=header_charset(content_type))
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    return make_article(where, text, Meta(url=uri))


def _not_article(record: Any, uri: str | None) -> str | None:
    """Return why a response or resource record is no article (crawls also hold redirects, error pages,
    stylesheets, scripts, images and robots.txt), or None for a fetched HTML or text page."""
    if record.rec_type == "revisit":
        return errors.WARC_REVISIT
    if record.rec_type not in ("response", "resource"):
        return errors.WARC_NOT_ARTICLE.format(what=f"a {record.rec_type} record")
    if record.http_headers is not None:
        status = str(record.http_headers.get_statuscode())
        if status.startswith("3"):
            return errors.WARC_NOT_ARTICLE.format(what=f"a redirect (HTTP {status})")
        if not status.startswith("2"):
            return errors.WARC_NOT_ARTICLE.format(what=f"HTTP status {status}, not a page that was fetched")
    if (uri or "").split("?")[0].lower().endswith("/robots.txt"):
        return errors.WARC_NOT_ARTICLE.format(what="robots.txt")
    media = _warc_content_type(record).split(";")[0].strip()
    if "html" not in media and media != "text/plain":
        return errors.WARC_NOT_ARTICLE.format(what=media or "no content type")
    return None


def _warc_name(record: Any) -> str:
    return str(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)


def _warc_content_type(record: Any) -> str:
    if record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "").lower()
    return str(record.rec_headers.get_header("Content-Type") or "").lower()
