"""Plain-text input: the whole file is one article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from crossfact.config import ReadConfig
from crossfact.read.article import Item, Meta, make_article
from crossfact.read.decoding import read_document

SUFFIXES: tuple[str, ...] = (".txt", ".text")


def read(path: Path, config: ReadConfig) -> Iterator[Item]:
    """Yield the one article of a text file."""
    yield make_article(str(path), read_document(path, config), Meta())
