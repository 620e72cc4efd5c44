"""Turn paths, directories and globs into :class:`~crossfact.model.Article` records, one module per input format.

Readable formats are the modules listed in :data:`FORMATS`: plain text, HTML (main text through trafilatura),
JSON, JSON lines, CSV and WARC, each optionally gzipped. A format module exports ``SUFFIXES`` and
``read(path, config)``; adding a format takes that module and one line in FORMATS. Multi-record files are
streamed record by record. Anything that cannot be read becomes a :class:`~crossfact.model.Skipped` naming the file
(and line or record) and the reason; the batch goes on. Metadata comes from the document itself, a
``NAME.meta.json`` sidecar over that, and the CLI over both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.limits import StageTimeout, time_budget
from crossfact.model import Article, Skipped
from crossfact.read import csv, html, json, jsonl, text, warc
from crossfact.read.article import Item, Meta, apply_meta, make_article, visible_text
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
# A file can hold millions of bad records (an 8 kB gzip unpacked to 2.8 million, issue 16). The first ten of
# each kind show where and why; the rest are one entry with their count, so nothing goes unreported and the
# report stays small.
SKIPS_LISTED = 10
# The record prefix a format puts before a reason ("item 7: ", "WARC record 3 (http://…): "), and the
# numbers and bytes inside a reason, differ between skips of one kind.
_RECORD_PREFIX = re.compile(r"^(?:item \d+|WARC record \d+ \(.*?\)): ")
_NUMBERS = re.compile(r"0x[0-9a-fA-F]+|\d+")


def read_paths(
    paths: str | Path | Iterable[str | Path],
    *,
    config: ReadConfig | None = None,
    formats: tuple[Format, ...] = FORMATS,
    seconds: float = 0.0,
) -> Iterator[Item]:
    """Yield an Article for every readable document under ``paths`` and a Skipped for every one that is not;
    with ``seconds``, a file whose next record takes longer to read is skipped from there on."""
    config = config or ReadConfig()
    suffixes = _suffixes(formats)
    # A lone path is an easy slip, and iterating a str would treat each character as a path.
    if isinstance(paths, str | Path):
        paths = [paths]
    for path in paths:
        for file_or_skip in expand(str(path), suffixes=suffixes):
            if isinstance(file_or_skip, Skipped):
                yield _visible(file_or_skip)
            else:
                yield from read_file(file_or_skip, config=config, formats=formats, seconds=seconds)


def read_file(
    path: Path,
    *,
    config: ReadConfig | None = None,
    formats: tuple[Format, ...] = FORMATS,
    seconds: float = 0.0,
) -> Iterator[Item]:
    """Yield the articles of one file (several for JSONL/CSV/WARC), or Skipped entries for what fails; past
    :data:`SKIPS_LISTED` skips of one kind in one file, the rest come as one Skipped giving their count.

    With ``seconds``, each record has that long to be read (HTML extraction included); past it the rest of the
    file is one Skipped (see :mod:`crossfact.limits` for what the budget can interrupt).
    """
    config = config or ReadConfig()
    # Per kind of skip: how many were seen, and the first one not listed on its own.
    seen: dict[str, int] = {}
    unlisted: dict[str, Skipped] = {}
    for item in _timed(_read_file(path, config, formats), path, seconds):
        item = _visible(item)
        if isinstance(item, Article):
            yield item
            continue
        kind = _kind(item.reason)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= SKIPS_LISTED:
            yield item
        else:
            unlisted.setdefault(kind, item)
    for kind, first in unlisted.items():
        count = seen[kind] - SKIPS_LISTED
        reason = errors.SKIPS_AGGREGATED.format(count=count, listed=SKIPS_LISTED, first=first.reason)
        yield Skipped(first.path, reason, line=first.line)


def _timed(items: Iterator[Item], path: Path, seconds: float) -> Iterator[Item]:
    """Yield ``items``, each given ``seconds`` to arrive; a Skipped for the rest of the file when one is late."""
    while True:
        try:
            with time_budget(seconds):
                item = next(items, None)
        except StageTimeout:
            # The reader's generator ended with the timeout (its files closed); nothing more comes from it.
            yield Skipped(str(path), errors.READ_TIMEOUT.format(seconds=seconds))
            return
        if item is None:
            return
        yield item


def _read_file(path: Path, config: ReadConfig, formats: tuple[Format, ...]) -> Iterator[Item]:
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
        yield Skipped(str(path), errors.UNREADABLE_PATH.format(reason=e.strerror or e))
    except Exception as e:  # the per-file boundary: whatever a reader missed skips this file, never the batch
        yield Skipped(str(path), errors.READER_FAILED.format(error=f"{type(e).__name__}: {e}"))


def _visible(item: Item) -> Item:
    """Return ``item`` with a name and reason that print and write as UTF-8 on one line: undecodable bytes of a
    file name (and lone surrogates) become U+FFFD, and runs of whitespace in a reason (warcio's messages span
    lines) one space."""
    if isinstance(item, Article):
        name, count = visible_text(item.path)
        return replace(item, path=name) if count else item
    reason = "".join(_printable(ch) for ch in " ".join(visible_text(item.reason)[0].split()))
    return Skipped(visible_text(item.path)[0], reason, line=item.line)


def _printable(ch: str) -> str:
    # A reason quotes bytes of the input ("first line: \x00junk" from warcio): control and format characters
    # are written as escapes, so the report and the terminal show them instead of acting on them.
    return ch if ch.isprintable() else ascii(ch)[1:-1]


def _kind(reason: str) -> str:
    """Return what skips of the same kind share: the reason without its record prefix, numbers and bytes."""
    return _NUMBERS.sub("N", _RECORD_PREFIX.sub("", reason))


def _suffixes(formats: tuple[Format, ...]) -> tuple[str, ...]:
    return tuple(suffix for fmt in formats for suffix in fmt.SUFFIXES)
