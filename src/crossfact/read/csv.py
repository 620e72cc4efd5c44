"""CSV input: a header row naming the fields, then one article per row, streamed."""

from __future__ import annotations

# The standard library's csv (imports are absolute), not this module.
import csv
import gzip
import re
import zlib
from collections.abc import Iterator
from pathlib import Path

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Item
from crossfact.read.decoding import line_reader, open_binary
from crossfact.read.records import article_from_record

SUFFIXES: tuple[str, ...] = (".csv",)
# Files are scanned in chunks of at most 64 kB (or up to a line end), so a huge cell is never held whole.
_CHUNK = 1 << 16
# What matters to where a record ends: quotes, and a carriage return not followed by a line feed.
_EVENTS = re.compile(rb'"|\r(?=[^\n])')
_FIELD_STARTS = (b",", b"\n", b"\r")


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each row of a CSV file, and a Skipped naming each row that has none."""
    # The csv module keeps one process-wide cap on a cell; no row is longer than the line cap.
    csv.field_size_limit(config.max_file_bytes)
    rows = _rows(path, limit=config.max_file_bytes, total=config.max_unpacked_bytes)
    header: list[str] | None = None
    for _, row in rows:
        if isinstance(row, errors.ReadError):
            raise row
        if any(cell.strip() for cell in row):
            header = [name.strip().lower() for name in row]
            break
    if header is None:
        raise errors.ReadError(errors.BLANK_FILE)
    if not set(header) & {name.lower() for name in config.text_fields}:
        raise errors.ReadError(errors.CSV_NO_TEXT_COLUMN.format(fields=", ".join(config.text_fields)))
    count = 0
    seen = 0
    for number, row in rows:
        seen += 1
        if seen > config.max_records:
            raise errors.ReadError(errors.RECORDS_LIMIT.format(limit=config.max_records), line=number)
        if isinstance(row, errors.ReadError):
            count += 1
            yield Skipped(str(path), str(row), line=number)
            continue
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if len(row) != len(header):
            reason = errors.CSV_FIELD_COUNT.format(count=len(row), expected=len(header))
            yield Skipped(str(path), reason, line=number)
            continue
        try:
            article = article_from_record(dict(zip(header, row, strict=True)), f"{path}#L{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
            continue
        yield article
    if count == 0:
        raise errors.ReadError(errors.CSV_NO_ROWS)


def _rows(
    path: Path, *, limit: int, total: int | None = None
) -> Iterator[tuple[int, list[str] | errors.ReadError]]:
    """Yield (first line number, row) for each CSV row; a row that cannot be used comes as a ReadError.

    Each row is parsed on its own, so a bad one (wrong quoting, bytes that are not UTF-8, over the size cap)
    costs that row only and the rows after it are read.
    """
    for number, record in _records(path, limit=limit, total=total):
        if isinstance(record, errors.ReadError):
            yield number, record
            continue
        try:
            text = record.decode("utf-8")
        except UnicodeDecodeError as e:
            yield number, errors.ReadError(errors.UNDECODABLE_ROW.format(reason=e), line=number)
            continue
        try:
            parsed = next(csv.reader([text.removeprefix("\ufeff") if number == 1 else text], strict=True), [])
        except csv.Error as e:
            yield number, errors.ReadError(errors.BAD_CSV.format(reason=e), line=number)
            continue
        yield number, parsed


def _records(
    path: Path, *, limit: int, total: int | None = None
) -> Iterator[tuple[int, bytes | errors.ReadError]]:
    """Yield (first line number, bytes) for each CSV record of a file, streamed in chunks; a record over
    ``limit`` bytes comes as a ReadError, read past without being held.

    Records are found by following the quoting (RFC 4180: a quote opens a quoted field only at the start of
    a field, ``""`` inside is a quote) over ASCII bytes, which no UTF-8 or single-byte text uses for anything
    else; so a row of other bytes, or a cell too large to keep, does not put the rows after it out of step.
    A carriage return alone outside quotes ends a record too (old Mac files).
    """
    scan = _Scan()
    line = 0
    start = 1
    parts: list[bytes] = []
    size = 0
    try:
        with open_binary(path) as stream:
            readline = line_reader(stream, limit=total)
            while chunk := readline(_CHUNK):
                cut = 0
                for end in scan.record_ends(chunk):
                    parts.append(chunk[cut:end])
                    size += end - cut
                    yield start, _record(parts, size, limit, start)
                    parts, size, cut = [], 0, end
                if chunk.endswith(b"\n"):
                    line += 1
                if cut < len(chunk):
                    if size <= limit:
                        parts.append(chunk[cut:])
                    size += len(chunk) - cut
                    if size > limit:
                        parts = []
                if chunk.endswith(b"\n") and not scan.quoted:
                    yield start, _record(parts, size, limit, start)
                    parts, size = [], 0
                if not parts and size == 0:
                    start = line + 1
    except UnicodeDecodeError as e:
        raise errors.ReadError(errors.UNDECODABLE.format(reason=e), line=line + 1) from e
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(errors.BAD_GZIP_AT_LINE.format(count=line, reason=e), line=line + 1) from e
    if size:
        yield start, _record(parts, size, limit, start)


def _record(parts: list[bytes], size: int, limit: int, line: int) -> bytes | errors.ReadError:
    if size > limit:
        return errors.ReadError(errors.ROW_TOO_LARGE.format(size=size, limit=limit), line=line)
    return b"".join(parts)


class _Scan:
    """The quoting state of a CSV stream, carried from chunk to chunk."""

    def __init__(self) -> None:
        self.quoted = False
        # The byte before the chunk: a quote opens a field after a comma or a line end.
        self.previous = b"\n"
        # A quote ended the last chunk inside a quoted field: it closes it unless the next byte is a quote.
        self.pending = False

    def record_ends(self, chunk: bytes) -> list[int]:
        """Return the offsets in ``chunk`` just after each lone carriage return that ends a record."""
        ends: list[int] = []
        skip = -1
        if self.pending:
            self.pending = False
            if chunk.startswith(b'"'):
                skip = 0
            else:
                self.quoted = False
        for match in _EVENTS.finditer(chunk):
            at = match.start()
            if at == skip:
                continue
            if match.group() == b'"':
                if self.quoted:
                    if at + 1 == len(chunk):
                        self.pending = True
                    elif chunk[at + 1 : at + 2] == b'"':
                        skip = at + 1
                    else:
                        self.quoted = False
                elif (chunk[at - 1 : at] if at else self.previous) in _FIELD_STARTS:
                    self.quoted = True
            elif not self.quoted:
                ends.append(at + 1)
        self.previous = chunk[-1:]
        return ends
