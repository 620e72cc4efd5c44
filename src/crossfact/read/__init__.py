"""Turn paths, directories and globs into :class:`~crossfact.model.Article` records, one module per input format.

Readable formats are the modules listed in :data:`FORMATS`: plain text, HTML (main text through trafilatura),
JSON, JSON lines, CSV and WARC, each optionally gzipped. A format module exports ``SUFFIXES`` and
``read(path, config)``; adding a format takes that module and one line in FORMATS. Multi-record files are
streamed record by record. Anything that cannot be read becomes a :class:`~crossfact.model.Skipped` naming the file
(and line or record) and the reason; the batch goes on. Metadata comes from the document itself, a
``NAME.meta.json`` sidecar over that, and the CLI over both.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Protocol

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Skipped
from crossfact.read import csv, html, json, jsonl, text, warc
from crossfact.read.article import Item, Meta, apply_meta, make_article
from crossfact.read.paths import expand, is_sidecar, read_sidecar, suffix_label, suffix_of

__all__ = ["FORMATS", "Format", "Item", "Meta", "make_article", "read_file", "read_paths"]


class Format(Protocol):
    """An input format: the file suffixes it reads (lower case, without ``.gz``) and its reader."""

    @property
    def SUFFIXES(self) -> tuple[str, ...]: ...

    def read(self, path: Path, config: ReadConfig) -> Iterator[Item]:
        """Yield the articles of one file of this format, and a Skipped for each record that has none."""
        ...


FORMATS: tuple[Format, ...] = (text, html, json, jsonl, csv, warc)


def read_paths(
    paths: str | Path | Iterable[str | Path],
    *,
    config: ReadConfig | None = None,
    formats: tuple[Format, ...] = FORMATS,
) -> Iterator[Item]:
    """Yield an Article for every readable document under ``paths`` and a Skipped for every one that is not."""
    config = config or ReadConfig()
    suffixes = _suffixes(formats)
    # A lone path is an easy slip, and iterating a str would treat each character as a path.
    if isinstance(paths, str | Path):
        paths = [paths]
    for path in paths:
        for file_or_skip in expand(str(path), suffixes=suffixes):
            if isinstance(file_or_skip, Skipped):
                yield file_or_skip
            else:
                yield from read_file(file_or_skip, config=config, formats=formats)


def read_file(
    path: Path, *, config: ReadConfig | None = None, formats: tuple[Format, ...] = FORMATS
) -> Iterator[Item]:
    """Yield the articles of one file (several for JSONL/CSV/WARC), or Skipped entries for what fails."""
    config = config or ReadConfig()
    if is_sidecar(path):
        yield Skipped(str(path), errors.SIDECAR_NOT_ARTICLE)
        return
    suffixes = _suffixes(formats)
    suffix = suffix_of(path, suffixes)
    if suffix is None:
        yield Skipped(str(path), errors.UNSUPPORTED_SUFFIX.format(suffix=suffix_label(path)))
        return
    file_format = next(fmt for fmt in formats if suffix in fmt.SUFFIXES)
    cli = Meta(source=config.source, published=config.published.isoformat() if config.published else None)
    try:
        defaults = cli.over(read_sidecar(path, config, suffixes=suffixes))
        if path.stat().st_size == 0:
            raise errors.ReadError(errors.EMPTY_FILE)
        for item in file_format.read(path, config):
            yield item if isinstance(item, Skipped) else apply_meta(item, defaults)
    except errors.ReadError as e:
        yield Skipped(str(path), str(e), line=e.line)
    except OSError as e:
        yield Skipped(str(path), e.strerror or str(e))


def _suffixes(formats: tuple[Format, ...]) -> tuple[str, ...]:
    return tuple(suffix for fmt in formats for suffix in fmt.SUFFIXES)
