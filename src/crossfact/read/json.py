"""JSON input: one object, an array of objects, or a feed export wrapping such an array, read whole."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read.article import Item
from crossfact.read.decoding import read_document
from crossfact.read.records import article_from_record, first, load_json, lower_keys

SUFFIXES: tuple[str, ...] = (".json",)
_SPACE = re.compile(r"[ \t\n\r]*")
_END = object()


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the article of each object in a JSON file, and a Skipped naming each item that has none.

    A file holding several JSON values one after another (two arrays, concatenated objects) gives the items of
    all of them, numbered on across values; a value that cannot be parsed skips the rest with its line.
    """
    values = _json_values(read_document(path, config))
    data = next(values)
    following = next(values, _END)
    if following is _END:
        yield from _value_items(data, path, str(path), 0, config)
        return
    number = 0
    for value in (data, following, *values):
        if isinstance(value, errors.ReadError):
            yield Skipped(str(path), str(value), line=value.line)
            return
        for item in _value_items(value, path, None, number, config):
            number += 1
            yield item


def _value_items(
    data: Any, path: Path, single: str | None, offset: int, config: ReadConfig
) -> Iterator[Item]:
    """Yield the items of one JSON value; ``single`` names the article when the file holds one object."""
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
        where = single or f"{path}#item{offset + 1}"
        try:
            yield article_from_record(data, where, config)
        except errors.ReadError as e:
            if single:
                raise
            yield Skipped(str(path), errors.JSON_ITEM.format(number=offset + 1, reason=e))
        return
    if not data:
        if single:
            raise errors.ReadError(errors.NO_TEXT)
        return
    for number, record in enumerate(data, start=offset + 1):
        if number > config.max_records:
            raise errors.ReadError(errors.RECORDS_LIMIT.format(limit=config.max_records))
        try:
            article = article_from_record(record, f"{path}#item{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), errors.JSON_ITEM.format(number=number, reason=e))
            continue
        yield article


def _json_values(text: str) -> Iterator[Any]:
    """Yield each JSON value of ``text`` in turn; the first must parse (else ReadError), a later one that does
    not comes as a ReadError naming its line, and ends the values."""
    decoder = json.JSONDecoder()
    end = _skip_space(text, 0)
    count = 0
    while end < len(text):
        try:
            value, end = decoder.raw_decode(text, end)
        except (ValueError, RecursionError) as e:
            if count == 0:
                load_json(text, one_line=False)  # raises the ReadError saying why
            line = text.count("\n", 0, end) + 1
            yield errors.ReadError(errors.JSON_VALUE_BAD.format(count=count, reason=e), line=line)
            return
        count += 1
        yield value
        end = _skip_space(text, end)


def _skip_space(text: str, start: int) -> int:
    match = _SPACE.match(text, start)
    return match.end() if match else start
