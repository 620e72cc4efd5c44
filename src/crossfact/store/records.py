"""Turn model records (an analysed :class:`~crossfact.model.Article`, a :class:`~crossfact.model.Skipped`, the
:class:`~crossfact.config.Config`) into JSON-ready data and back, losslessly: ``decode(Article,
encode(article)) == article``, types included.

``report.json`` is a view for readers (spans carry their text, sketches are left out, values are rounded for
display), so it cannot be read back; the store needs the records exactly as the steps made them. The codec is
driven by the dataclasses' own type hints, so a field added to ``model.py`` is stored without touching this
module: tuples (nested too) become lists, ``bytes`` base64 text, dates ISO strings, and ``int``/``float`` keep JSON's own
distinction (a whole-number ``float`` field that holds ``3`` comes back as ``3``, not ``3.0``).
"""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import types
import typing
from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any, TypeVar

from crossfact import model

T = TypeVar("T")
Decoder = Callable[[Any], Any]


def encode(record: Any) -> Any:
    """Return ``record`` (a model dataclass, or anything inside one) as JSON-ready data."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {name: encode(getattr(record, name)) for name in _field_names(type(record))}
    if isinstance(record, tuple | list):
        return [encode(item) for item in record]
    if isinstance(record, bytes):
        return base64.b64encode(record).decode("ascii")
    if isinstance(record, date):
        return record.isoformat()
    if isinstance(record, dict):
        return {key: encode(value) for key, value in record.items()}
    return record


def decode(cls: type[T], data: Any) -> T:
    """Return the ``cls`` record that :func:`encode` turned into ``data``."""
    result: T = _decoder(typing.cast(Any, cls))(data)
    return result


def dumps(record: Any) -> str:
    """Return ``record`` as compact JSON text (key order fixed by the dataclass, so equal records give equal text)."""
    return json.dumps(encode(record), ensure_ascii=False, separators=(",", ":"))


def loads(cls: type[T], text: str) -> T:
    """Return the ``cls`` record stored as ``text`` by :func:`dumps`."""
    return decode(cls, json.loads(text))


def input_key(item: model.Article | model.Skipped) -> str:
    """Return the key of one input as the reader gave it: a hash of every field it carries (text, metadata,
    path), so an edited file or changed metadata is a new input, and the same input always the same key."""
    kind = "article" if isinstance(item, model.Article) else "skipped"
    return hashlib.sha256(f"{kind}:{dumps(item)}".encode()).hexdigest()


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls))


@cache
def _decoder(hint: Any) -> Decoder:
    """Return a function that rebuilds a value of type ``hint`` from its encoded form (built once per type)."""
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = tuple((name, _decoder(hints[name])) for name in _field_names(hint))

        def record(data: Any) -> Any:
            return hint(**{name: make(data[name]) for name, make in fields if name in data})

        return record
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Literal or hint in (str, int, float, bool, object, Any):
        return _same
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in args if arg is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot decode the union {hint}: only 'X | None' is supported")
        inner = _decoder(options[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return lambda data: tuple(item(value) for value in data)
        parts = tuple(_decoder(arg) for arg in args)
        return lambda data: tuple(make(value) for make, value in zip(parts, data, strict=True))
    if origin is dict:
        value_decoder = _decoder(args[1])
        return lambda data: {key: value_decoder(value) for key, value in data.items()}
    if hint is bytes:
        return lambda data: base64.b64decode(data)
    if hint is date:
        return date.fromisoformat
    raise TypeError(f"cannot decode values of type {hint}")


def _same(data: Any) -> Any:
    return data
