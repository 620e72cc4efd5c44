"""JSON-lines input: one object per line, streamed, each an article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Item
from crossfact.read.decoding import text_lines
from crossfact.read.records import article_from_record, load_json

SUFFIXES: tuple[str, ...] = (".jsonl", ".ndjson")


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each line of a JSON-lines file, and a Skipped naming each line that has none."""
    count = 0
    for number, line in text_lines(path, limit=config.max_file_bytes, total=config.max_unpacked_bytes):
        if number > config.max_records:
            raise errors.ReadError(errors.RECORDS_LIMIT.format(limit=config.max_records), line=number)
        if isinstance(line, errors.ReadError):
            count += 1
            yield Skipped(str(path), str(line), line=number)
            continue
        if not line.strip():
            continue
        count += 1
        try:
            records = [load_json(line, one_line=True)]
        except errors.ReadError as e:
            records = _split_on_carriage_returns(line, e)
        for record in records:
            if isinstance(record, errors.ReadError):
                yield Skipped(str(path), str(record), line=number)
                continue
            try:
                article = article_from_record(record, f"{path}#L{number}", config)
            except errors.ReadError as e:
                yield Skipped(str(path), str(e), line=number)
                continue
            yield article
    if count == 0:
        raise errors.ReadError(errors.BLANK_FILE)


def _split_on_carriage_returns(line: str, error: errors.ReadError) -> list[Any]:
    """Return the records of a line that holds several ended by a lone carriage return (an old Mac line end,
    or a record cut and glued), each parsed or a ReadError; or just ``error`` if there is no lone CR.

    A raw CR cannot occur inside a JSON string, so splitting there never cuts a record's text.
    """
    parts = [part for part in line.rstrip("\r\n").split("\r") if part.strip()]
    if len(parts) < 2:
        return [error]
    records: list[Any] = []
    for part in parts:
        try:
            records.append(load_json(part, one_line=True))
        except errors.ReadError as e:
            records.append(e)
    # A CR inside a string (invalid JSON too) splits nothing usable out: one skip for the line, not several.
    if all(isinstance(record, errors.ReadError) for record in records):
        return [error]
    return records
