"""JSON input: one object, an array of objects, or a feed export wrapping such an array, read whole."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Item
from crossfact.read.decoding import read_document
from crossfact.read.records import article_from_record, first, load_json, lower_keys

SUFFIXES: tuple[str, ...] = (".json",)


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each object in a JSON file, and a Skipped naming each item that has none."""
    data = load_json(read_document(path, config), one_line=False)
    if isinstance(data, dict) and not first(lower_keys(data), config.text_fields):
        # A feed export wraps its records ({"articles": [...]}); take its first list of objects.
        data = next(
            (
                value
                for value in data.values()
                if isinstance(value, list) and any(isinstance(item, dict) for item in value)
            ),
            data,
        )
    if not isinstance(data, list):
        yield article_from_record(data, str(path), config)
        return
    if not data:
        raise errors.ReadError(errors.NO_TEXT)
    for number, record in enumerate(data, start=1):
        try:
            article = article_from_record(record, f"{path}#item{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), errors.JSON_ITEM.format(number=number, reason=e))
            continue
        yield article
