"""Turn one record of a feed or export (a JSON object, a CSV row, a sidecar) into metadata and an Article."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Article
from crossfact.read.article import Meta, make_article


def lower_keys(record: dict[Any, Any]) -> dict[str, Any]:
    """Return ``record`` with its keys stripped and lower-cased."""
    # Exports disagree on case ("Title", "TEXT"); field names are matched without it.
    return {str(key).strip().lower(): value for key, value in record.items()}


def first(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    """Return the first non-blank scalar among ``fields`` under ``names``, as text, or None."""
    for name in names:
        value = fields.get(name.lower())
        # Metadata is a scalar: a nested object (an author record, a list of tags) is no title or date.
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def meta_from_record(fields: dict[str, Any], config: ReadConfig) -> Meta:
    """Return the metadata held by a record's (lower-cased) fields under the configured field names."""
    return Meta(
        source=first(fields, config.source_fields),
        url=first(fields, config.url_fields),
        title=first(fields, config.title_fields),
        published=first(fields, config.published_fields),
    )


def article_from_record(record: Any, where: str, config: ReadConfig) -> Article:
    """Return the Article a record holds; raise ReadError if it is no object or has no usable text field."""
    if not isinstance(record, dict):
        raise errors.ReadError(errors.JSON_NOT_OBJECT.format(kind=_json_kind(record)))
    fields = lower_keys(record)
    text = _text_field(fields, config)
    if len(text) > config.max_record_chars:
        raise errors.ReadError(errors.RECORD_TOO_LARGE.format(size=len(text), limit=config.max_record_chars))
    article = make_article(where, text, meta_from_record(fields, config))
    return replace(article, name=first(fields, config.name_fields))


def load_json(text: str, *, one_line: bool) -> Any:
    """Return the JSON value in ``text``; raise ReadError saying why it cannot be parsed."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        if one_line:
            # The decoder's own "line 1" would be the record's line, not the file's: give the column alone.
            raise errors.ReadError(errors.BAD_JSON_LINE.format(reason=e.msg, column=e.colno)) from e
        raise errors.ReadError(errors.BAD_JSON.format(reason=e)) from e
    except ValueError as e:
        # Valid JSON Python refuses: an integer over its 4300-digit limit (CVE-2020-10735).
        raise errors.ReadError(errors.BAD_JSON.format(reason=e)) from e
    except RecursionError as e:
        raise errors.ReadError(errors.JSON_TOO_DEEP) from e


def _json_kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _text_field(fields: dict[str, Any], config: ReadConfig) -> str:
    blank = False
    for name in config.text_fields:
        value = fields.get(name.lower())
        if value is None:
            continue
        if not isinstance(value, str):
            raise errors.ReadError(errors.TEXT_NOT_STRING.format(field=name, kind=_json_kind(value)))
        if value.strip():
            return value
        blank = True
    if blank:
        raise errors.ReadError(errors.NO_TEXT)
    raise errors.ReadError(errors.NO_TEXT_FIELD.format(fields=", ".join(config.text_fields)))
