"""CSV input: a header row naming the fields, then one article per row, streamed."""

from __future__ import annotations

# The standard library's csv (imports are absolute), not this module.
import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Item
from crossfact.read.decoding import text_lines
from crossfact.read.records import article_from_record

SUFFIXES: tuple[str, ...] = (".csv",)


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each row of a CSV file, and a Skipped naming each row that has none."""
    # The csv module keeps one process-wide cap on a cell; no cell is longer than the line cap.
    csv.field_size_limit(config.max_file_bytes)
    rows = _csv_rows(csv.reader(_csv_lines(path, config), strict=True))
    header: list[str] | None = None
    for number, row in rows:
        if isinstance(row, csv.Error):
            raise errors.ReadError(errors.BAD_CSV.format(reason=row), line=number)
        if any(cell.strip() for cell in row):
            header = [name.strip().lower() for name in row]
            break
    if header is None:
        raise errors.ReadError(errors.BLANK_FILE)
    if not set(header) & {name.lower() for name in config.text_fields}:
        raise errors.ReadError(errors.CSV_NO_TEXT_COLUMN.format(fields=", ".join(config.text_fields)))
    count = 0
    for number, row in rows:
        if isinstance(row, csv.Error):
            count += 1
            yield Skipped(str(path), errors.BAD_CSV.format(reason=row), line=number)
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


def _csv_lines(path: Path, config: ReadConfig) -> Iterator[str]:
    for _, line in text_lines(path, limit=config.max_file_bytes):
        # A quoted CSV cell may span lines, so after a line that cannot be read nothing later can be trusted.
        if isinstance(line, errors.ReadError):
            raise line
        yield line


def _csv_rows(reader: Any) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """Yield (first line number, row) for each CSV row; a malformed row comes as its csv.Error."""
    while True:
        number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as e:
            yield number, e
            continue
        yield number, row
