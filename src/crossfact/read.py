"""Turn paths, directories and globs into :class:`~crossfact.model.Article` records.

Readable kinds: plain text, HTML (main text through trafilatura), JSON / JSON lines, CSV and WARC, each
optionally gzipped. Multi-record files are streamed record by record. Anything that cannot be read becomes a
:class:`~crossfact.model.Skipped` naming the file (and line or record) and the reason; the batch goes on.
Metadata comes from the document itself, a ``NAME.meta.json`` sidecar over that, and the CLI over both.
"""

from __future__ import annotations

import codecs
import csv
import glob
import gzip
import hashlib
import io
import json
import os
import re
import warnings
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from dateutil import parser as date_parser

from crossfact import errors
from crossfact.config import ReadConfig
from crossfact.model import Article, Skipped

Item = Article | Skipped

TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
READABLE = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl", ".ndjson", ".csv", ".warc")
SIDECAR_SUFFIX = ".meta.json"
# Longest first, so that "a.xhtml" loses ".xhtml" and not ".html".
_BY_LENGTH = tuple(sorted(READABLE, key=len, reverse=True))
_GLOB_CHARS = frozenset("*?[")
# 8 kB is what `file`/git look at to call content binary; a NUL there never occurs in real text encodings
# other than UTF-16/32, which announce themselves with a byte-order mark.
_BINARY_PROBE = 8192
# UTF-32-LE before UTF-16-LE: its mark (FF FE 00 00) starts with the UTF-16-LE one (FF FE).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:$|[T ])")
_WIRE_DATE = re.compile(r"^(\d{1,2})-([A-Za-z]{3})-(\d{4})\b")
_MONTHS = {
    name: number for number, name in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)
}
# Kinds read whole into memory, so the file-size cap applies to the file; the others are streamed.
_WHOLE_FILE_KINDS = ("text", "html", "json")


@dataclass(frozen=True, slots=True)
class Meta:
    """Metadata found for one article; ``None`` fields are unknown."""

    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = None

    def over(self, other: Meta) -> Meta:
        """Return this metadata with its gaps filled from ``other``."""
        return Meta(
            source=self.source or other.source,
            url=self.url or other.url,
            title=self.title or other.title,
            published=self.published or other.published,
        )


def read_paths(
    paths: str | Path | Iterable[str | Path], *, config: ReadConfig | None = None
) -> Iterator[Item]:
    """Yield an Article for every readable document under ``paths`` and a Skipped for every one that is not."""
    config = config or ReadConfig()
    # A lone path is an easy slip, and iterating a str would treat each character as a path.
    if isinstance(paths, str | Path):
        paths = [paths]
    for path in paths:
        for file_or_skip in _expand(str(path)):
            if isinstance(file_or_skip, Skipped):
                yield file_or_skip
            else:
                yield from read_file(file_or_skip, config=config)


def read_file(path: Path, *, config: ReadConfig | None = None) -> Iterator[Item]:
    """Yield the articles of one file (several for JSONL/CSV/WARC), or Skipped entries for what fails."""
    config = config or ReadConfig()
    if _is_sidecar(path):
        yield Skipped(str(path), errors.SIDECAR_NOT_ARTICLE)
        return
    kind = _kind(path)
    if kind is None:
        yield Skipped(str(path), errors.UNSUPPORTED_SUFFIX.format(suffix=_suffix(path)))
        return
    cli = Meta(source=config.source, published=config.published.isoformat() if config.published else None)
    try:
        defaults = cli.over(_read_sidecar(path, config))
        size = path.stat().st_size
        if size == 0:
            raise errors.ReadError(errors.EMPTY_FILE)
        if kind in _WHOLE_FILE_KINDS and size > config.max_file_bytes:
            raise errors.ReadError(errors.TOO_LARGE.format(size=size, limit=config.max_file_bytes))
        for item in _READERS[kind](path, config):
            yield item if isinstance(item, Skipped) else _apply_meta(item, defaults)
    except errors.ReadError as e:
        yield Skipped(str(path), str(e), line=e.line)
    except OSError as e:
        yield Skipped(str(path), e.strerror or str(e))


def make_article(path: str, raw: str, meta: Meta) -> Article:
    """Return an Article for ``raw`` text; its id is derived from the content so reruns give the same id."""
    raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    digest = hashlib.sha256(raw.encode("utf-8")).hexdigest()
    warnings: tuple[str, ...] = ()
    try:
        published = _parse_date(meta.published)
    except errors.ReadError as e:
        published, warnings = None, (str(e),)
    return Article(
        id=f"art-{digest[:12]}",
        path=path,
        raw=raw,
        raw_sha256=digest,
        text=raw,
        source=meta.source,
        url=meta.url,
        title=meta.title,
        published=published,
        warnings=warnings,
    )


def _apply_meta(article: Article, meta: Meta) -> Article:
    published, warnings = article.published, article.warnings
    if meta.published:
        try:
            published = _parse_date(meta.published)
        except errors.ReadError as e:
            warnings = (*warnings, str(e))
    return replace(
        article,
        warnings=warnings,
        source=meta.source or article.source,
        url=meta.url or article.url,
        title=meta.title or article.title,
        published=published,
    )


def _parse_date(value: str | None) -> date | None:
    if not value or not value.strip():
        return None
    text = value.strip()
    wire = _WIRE_DATE.match(text)
    if wire and wire.group(2).lower() in _MONTHS:
        # Wire dates ("26-FEB-1987 15:01:01.79", Reuters) often carry trailing codes dateutil rejects.
        return date(int(wire.group(3)), _MONTHS[wire.group(2).lower()], int(wire.group(1)))
    try:
        if _ISO_DATE.match(text):
            return date.fromisoformat(text[:10])
        # Two fixed defaults keep parsing deterministic (a value missing its day gets the 1st, never today's)
        # and show whether the year came from the value: dateutil reads "Tuesday" as 2000-01-04 otherwise.
        with warnings.catch_warnings():
            # Time-zone names dateutil does not know only matter for the time, which is dropped.
            warnings.simplefilter("ignore", date_parser.UnknownTimezoneWarning)
            parsed = date_parser.parse(text, default=datetime(2000, 1, 1)).date()
            other = date_parser.parse(text, default=datetime(2004, 1, 1)).date()
    except (ValueError, OverflowError) as e:
        raise errors.ReadError(errors.BAD_DATE.format(value=value)) from e
    if parsed.year != other.year:
        raise errors.ReadError(errors.BAD_DATE.format(value=value))
    return parsed


# -- finding files ---------------------------------------------------------------------------------------


def _expand(path: str) -> Iterator[Path | Skipped]:
    candidate = Path(path)
    if candidate.is_dir():
        found = False
        for file in sorted(candidate.rglob("*")):
            relative = file.relative_to(candidate)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            if _is_sidecar(file):
                if not _has_partner(file):
                    yield Skipped(str(file), errors.ORPHAN_SIDECAR.format(base=_sidecar_base(file)))
                continue
            if _kind(file) is None:
                yield Skipped(str(file), errors.UNSUPPORTED_SUFFIX.format(suffix=_suffix(file)))
                continue
            found = True
            yield file
        if not found:
            yield Skipped(path, errors.NO_READABLE_FILE)
    elif candidate.is_file():
        yield candidate
    elif _GLOB_CHARS & set(path):
        matches = sorted(glob.glob(path, recursive=True))
        if not matches:
            yield Skipped(path, errors.PATH_NOT_FOUND)
        # dir/** matches dir itself and every file under it: each file is read once.
        seen: set[str] = set()
        for match in matches:
            file = Path(match)
            # A glob such as dir/* matches sidecars too; they travel with their article, not on their own.
            if file.is_file() and _is_sidecar(file):
                if not _has_partner(file) and match not in seen:
                    seen.add(match)
                    yield Skipped(match, errors.ORPHAN_SIDECAR.format(base=_sidecar_base(file)))
                continue
            for item in _expand(match):
                key = item.path if isinstance(item, Skipped) else str(item)
                if key not in seen:
                    seen.add(key)
                    yield item
    else:
        yield Skipped(path, errors.PATH_NOT_FOUND)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    for suffixes, kind in (
        (TEXT_SUFFIXES, "text"),
        (HTML_SUFFIXES, "html"),
        ((".jsonl", ".ndjson"), "jsonl"),
        ((".json",), "json"),
        ((".csv",), "csv"),
        ((".warc",), "warc"),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def _suffix(path: Path) -> str:
    return "".join(path.suffixes) or path.name


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX)


def _sidecar_base(sidecar: Path) -> str:
    return sidecar.name[: -len(SIDECAR_SUFFIX)]


def _sidecars(path: Path) -> tuple[Path, Path]:
    """Return where the sidecar of ``path`` may be: ``NAME.txt.meta.json`` first, then ``NAME.meta.json``."""
    name = path.name[:-3] if path.name.lower().endswith(".gz") else path.name
    stem = next((name[: -len(suffix)] for suffix in _BY_LENGTH if name.lower().endswith(suffix)), name)
    return path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(stem + SIDECAR_SUFFIX)


def _has_partner(sidecar: Path) -> bool:
    siblings = sidecar.parent.glob(glob.escape(_sidecar_base(sidecar)) + "*")
    return any(
        file.is_file() and not _is_sidecar(file) and _kind(file) is not None and sidecar in _sidecars(file)
        for file in siblings
    )


def _read_sidecar(path: Path, config: ReadConfig) -> Meta:
    for sidecar in _sidecars(path):
        if sidecar.is_file():
            try:
                data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError, RecursionError) as e:
                # ValueError covers both malformed JSON and bytes that are not UTF-8.
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason=e)) from e
            if not isinstance(data, dict):
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason="not a JSON object"))
            return _meta_from_record(_lower_keys(data), config)
    return Meta()


# -- bytes to text ---------------------------------------------------------------------------------------


def _open_binary(path: Path) -> gzip.GzipFile | io.BufferedReader:
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def _read_bytes(path: Path, *, limit: int) -> bytes:
    """Return the file's bytes, unpacked if gzipped; the cap is checked on what is unpacked (gzip packs 1000:1)."""
    try:
        with _open_binary(path) as stream:
            data = stream.read(limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(errors.BAD_GZIP.format(reason=e)) from e
    if len(data) > limit:
        raise errors.ReadError(errors.TOO_LARGE_UNPACKED.format(limit=limit))
    return data


def decode(data: bytes) -> str:
    """Return ``data`` as text (UTF-8, or UTF-16/32 with a byte-order mark); raise ReadError if it is not text."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as e:
                raise errors.ReadError(errors.UNDECODABLE.format(reason=e)) from e
    if b"\x00" in data[:_BINARY_PROBE]:
        raise errors.ReadError(errors.BINARY)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        # A legacy single-byte file is decoded as Windows-1252 only when that leaves no control characters;
        # otherwise guessing would silently turn bytes into wrong letters in the evidence.
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text or any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text):
            raise errors.ReadError(errors.UNDECODABLE.format(reason=e)) from e
        return text


def _read_document(path: Path, config: ReadConfig) -> str:
    """Return the whole text of a one-document file; raise ReadError if it has none."""
    text = decode(_read_bytes(path, limit=config.max_file_bytes))
    if not text.strip():
        raise errors.ReadError(errors.BLANK_FILE)
    return text


def _line_reader(stream: gzip.GzipFile | io.BufferedReader) -> Callable[[int], bytes]:
    """Return a ``readline(size)`` giving UTF-8 lines of ``stream``; UTF-16/32 files (a byte-order mark) are
    re-encoded, since PowerShell and Excel write those."""
    head = stream.peek(_BINARY_PROBE)[:_BINARY_PROBE]
    wide = next((encoding for bom, encoding in _BOMS[1:] if head.startswith(bom)), None)
    if wide is not None:
        text_stream = io.TextIOWrapper(stream, encoding=wide, newline="")

        def readline(size: int) -> bytes:
            return text_stream.readline(size).encode("utf-8")

        return readline
    if b"\x00" in head:
        raise errors.ReadError(errors.BINARY)
    return stream.readline


def _bounded_lines(readline: Callable[[int], bytes], limit: int) -> Iterator[bytes | None]:
    """Yield each line, or None for a line over ``limit`` bytes (read past in chunks, never held whole)."""
    while line := readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        while not line.endswith(b"\n") and (line := readline(1 << 16)):
            pass
        yield None


def _text_lines(path: Path, *, limit: int) -> Iterator[tuple[int, str | errors.ReadError]]:
    """Yield (line number, line) streaming; a line that cannot be used comes as a ReadError in its place.

    Damage that ends the file (truncated gzip, broken UTF-16) raises a ReadError naming the first line lost.
    """
    number = 0
    try:
        with _open_binary(path) as stream:
            for number, line in enumerate(_bounded_lines(_line_reader(stream), limit), start=1):
                if line is None:
                    yield number, errors.ReadError(errors.LINE_TOO_LARGE.format(limit=limit), line=number)
                    continue
                try:
                    text = line.decode("utf-8")
                except UnicodeDecodeError as e:
                    yield number, errors.ReadError(errors.UNDECODABLE_LINE.format(reason=e), line=number)
                    continue
                yield number, text.removeprefix("\ufeff") if number == 1 else text
    except UnicodeDecodeError as e:
        raise errors.ReadError(errors.UNDECODABLE.format(reason=e), line=number + 1) from e
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(errors.BAD_GZIP_AT_LINE.format(count=number, reason=e), line=number + 1) from e


# -- one reader per kind ---------------------------------------------------------------------------------


def _read_text(path: Path, config: ReadConfig) -> Iterator[Item]:
    yield make_article(str(path), _read_document(path, config), Meta())


def _read_html(path: Path, config: ReadConfig) -> Iterator[Item]:
    yield article_from_html(str(path), _read_document(path, config))


def article_from_html(path: str, html: str, *, url: str | None = None) -> Article:
    """Return the Article holding the main text and metadata of an HTML page (extracted by trafilatura)."""
    import trafilatura
    from trafilatura.settings import set_date_params

    try:
        document = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            # htmldate's extensive search guesses from any year on the page: a page with no date got 2024-01-01
            # from its "© 2024" footer (test_read_html_without_a_date_gets_none). For a timeline a wrong date is
            # worse than none, so only the page's date markup and its URL count.
            date_extraction_params=set_date_params(extensive=False),
        )
    except (ValueError, TypeError) as e:
        raise errors.ReadError(errors.BAD_HTML.format(reason=e)) from e
    if document is None:
        raise errors.ReadError(errors.HTML_NO_TEXT)
    fields = document if isinstance(document, dict) else document.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        raise errors.ReadError(errors.HTML_NO_TEXT)
    meta = Meta(
        source=fields.get("sitename"),
        url=fields.get("url") or url,
        title=fields.get("title"),
        published=fields.get("date"),
    )
    return make_article(path, text, meta)


def _lower_keys(record: dict[Any, Any]) -> dict[str, Any]:
    # Exports disagree on case ("Title", "TEXT"); field names are matched without it.
    return {str(key).strip().lower(): value for key, value in record.items()}


def _json_kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "true/false", type(None): "null"}
    return names.get(type(value), "a number")


def _first(fields: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = fields.get(name.lower())
        # Metadata is a scalar: a nested object (an author record, a list of tags) is no title or date.
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value).strip()
    return None


def _meta_from_record(fields: dict[str, Any], config: ReadConfig) -> Meta:
    return Meta(
        source=_first(fields, config.source_fields),
        url=_first(fields, config.url_fields),
        title=_first(fields, config.title_fields),
        published=_first(fields, config.published_fields),
    )


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


def _article_from_record(record: Any, where: str, config: ReadConfig) -> Article:
    if not isinstance(record, dict):
        raise errors.ReadError(errors.JSON_NOT_OBJECT.format(kind=_json_kind(record)))
    fields = _lower_keys(record)
    text = _text_field(fields, config)
    if len(text) > config.max_record_chars:
        raise errors.ReadError(errors.RECORD_TOO_LARGE.format(size=len(text), limit=config.max_record_chars))
    return make_article(where, text, _meta_from_record(fields, config))


def _load_json(text: str, *, one_line: bool) -> Any:
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


def _read_json(path: Path, config: ReadConfig) -> Iterator[Item]:
    data = _load_json(_read_document(path, config), one_line=False)
    if isinstance(data, dict) and not _first(_lower_keys(data), config.text_fields):
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
        yield _article_from_record(data, str(path), config)
        return
    if not data:
        raise errors.ReadError(errors.NO_TEXT)
    for number, record in enumerate(data, start=1):
        try:
            article = _article_from_record(record, f"{path}#item{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), errors.JSON_ITEM.format(number=number, reason=e))
            continue
        yield article


def _read_jsonl(path: Path, config: ReadConfig) -> Iterator[Item]:
    count = 0
    for number, line in _text_lines(path, limit=config.max_file_bytes):
        if isinstance(line, errors.ReadError):
            count += 1
            yield Skipped(str(path), str(line), line=number)
            continue
        if not line.strip():
            continue
        count += 1
        try:
            article = _article_from_record(_load_json(line, one_line=True), f"{path}#L{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
            continue
        yield article
    if count == 0:
        raise errors.ReadError(errors.BLANK_FILE)


def _csv_lines(path: Path, config: ReadConfig) -> Iterator[str]:
    for _, line in _text_lines(path, limit=config.max_file_bytes):
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


def _read_csv(path: Path, config: ReadConfig) -> Iterator[Item]:
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
            article = _article_from_record(dict(zip(header, row, strict=True)), f"{path}#L{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
            continue
        yield article
    if count == 0:
        raise errors.ReadError(errors.CSV_NO_ROWS)


def _warc_records(stream: IO[bytes], size: int) -> Iterator[tuple[int, Any]]:
    """Yield (number, record) for each WARC record of a file of ``size`` bytes; damage ends the file with a
    ReadError naming the record."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParserException

    records = ArchiveIterator(stream)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            # A file that ends inside a header block gives a record with no type or length, and no error.
            length = str(record.rec_headers.get_header("Content-Length") or "").strip()
            if record.rec_type is None or not length.isdigit():
                reason = errors.WARC_BAD_HEADER.format(number=number)
                raise errors.ReadError(errors.BAD_WARC.format(count=number - 1, reason=reason))
            yield number, record
    except (ArchiveLoadFailed, StatusAndHeadersParserException, EOFError, zlib.error, ValueError) as e:
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=e)) from e
    except AttributeError as e:
        # warcio 1.8.1 (recordloader.load_http_headers) calls uri.startswith() on a response record whose
        # header block was cut before its WARC-Target-URI line; found by cutting a WARC at every 37th byte.
        reason = errors.WARC_BAD_HEADER.format(number=number + 1)
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=reason)) from e
    # warcio also stops without a word when the file ends inside a later header block; its offset then
    # stays at the start of that record instead of reaching the end of the file.
    if records.offset < size:
        reason = errors.WARC_TRAILING.format(size=size - records.offset)
        raise errors.ReadError(errors.BAD_WARC.format(count=number, reason=reason))


def _check_complete(record: Any, number: int) -> None:
    """Read the rest of ``record`` and raise ReadError if it is shorter than its Content-Length.

    warcio reports nothing when a file ends inside a record, so a cut WARC would lose its last page silently.
    """
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    missing = getattr(raw, "limit", 0)
    if missing > 0:
        cut = errors.WARC_CUT_SHORT.format(
            number=number, uri=_warc_name(record), missing=missing, length=record.length
        )
        raise errors.ReadError(errors.BAD_WARC.format(count=number - 1, reason=cut))


def _read_warc(path: Path, config: ReadConfig) -> Iterator[Item]:
    found = 0
    with path.open("rb") as stream:
        for number, record in _warc_records(stream, os.fstat(stream.fileno()).st_size):
            if not _is_page(record):
                _check_complete(record, number)
                continue
            found += 1
            uri = record.rec_headers.get_header("WARC-Target-URI")
            # warcio undoes chunking and gzip itself and passes damaged encodings through as they are.
            body = record.content_stream().read(config.max_file_bytes + 1)
            _check_complete(record, number)
            try:
                article = _warc_article(body, record, f"{path}#{uri or f'record{number}'}", uri, config)
            except errors.ReadError as e:
                reason = errors.WARC_RECORD.format(number=number, uri=_warc_name(record), reason=e)
                yield Skipped(str(path), reason)
                continue
            yield article
    if found == 0:
        raise errors.ReadError(errors.WARC_NO_HTML)


def _warc_article(body: bytes, record: Any, where: str, uri: str | None, config: ReadConfig) -> Article:
    if len(body) > config.max_file_bytes:
        raise errors.ReadError(errors.WARC_RECORD_TOO_LARGE.format(limit=config.max_file_bytes))
    text = decode(body)
    if "html" in _warc_content_type(record):
        return article_from_html(where, text, url=uri)
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    return make_article(where, text, Meta(url=uri))


def _is_page(record: Any) -> bool:
    """Return whether a WARC record is a successfully fetched HTML or text page: crawls also hold requests,
    images, redirects and error pages, none of them articles."""
    if record.rec_type not in ("response", "resource"):
        return False
    content_type = _warc_content_type(record)
    if "html" not in content_type and "text/plain" not in content_type:
        return False
    return record.http_headers is None or str(record.http_headers.get_statuscode()).startswith("2")


def _warc_name(record: Any) -> str:
    return str(record.rec_headers.get_header("WARC-Target-URI") or record.rec_type)


def _warc_content_type(record: Any) -> str:
    if record.http_headers is not None:
        return str(record.http_headers.get_header("Content-Type") or "").lower()
    return str(record.rec_headers.get_header("Content-Type") or "").lower()


_READERS: dict[str, Callable[[Path, ReadConfig], Iterator[Item]]] = {
    "text": _read_text,
    "html": _read_html,
    "json": _read_json,
    "jsonl": _read_jsonl,
    "csv": _read_csv,
    "warc": _read_warc,
}
