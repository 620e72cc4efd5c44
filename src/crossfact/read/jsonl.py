"""JSON-lines input: one object per line, streamed, each an article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

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
    for number, line in text_lines(path, limit=config.max_file_bytes):
        if isinstance(line, errors.ReadError):
            count += 1
            yield Skipped(str(path), str(line), line=number)
            continue
        if not line.strip():
            continue
        count += 1
        try:
            article = article_from_record(load_json(line, one_line=True), f"{path}#L{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
            continue
        yield article
    if count == 0:
        raise errors.ReadError(errors.BLANK_FILE)
