"""Turn paths, directories and globs into :class:`~crossfact.model.Article` records.

Readable kinds: plain text, HTML (main text through trafilatura), JSON / JSON lines, CSV and WARC, each
optionally gzipped. Multi-record files are streamed record by record. Anything that cannot be read becomes a
:class:`~crossfact.model.Skipped` naming the file (and line or record) and the reason; the batch goes on.
"""

from __future__ import annotations

import csv
import glob
import gzip
import hashlib
import json
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
_GLOB_CHARS = frozenset("*?[")
# 8 kB is what `file`/git look at to call content binary; a NUL there never occurs in real text encodings
# other than UTF-16/32, which announce themselves with a byte-order mark.
_BINARY_PROBE = 8192
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


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


def read_paths(paths: Iterable[str | Path], *, config: ReadConfig | None = None) -> Iterator[Item]:
    """Yield an Article for every readable document under ``paths`` and a Skipped for every one that is not."""
    config = config or ReadConfig()
    for path in paths:
        for file_or_skip in _expand(str(path)):
            if isinstance(file_or_skip, Skipped):
                yield file_or_skip
            else:
                yield from read_file(file_or_skip, config=config)


def read_file(path: Path, *, config: ReadConfig | None = None) -> Iterator[Item]:
    """Yield the articles of one file (several for JSONL/CSV/WARC), or Skipped entries for what fails."""
    config = config or ReadConfig()
    kind = _kind(path)
    if kind is None:
        yield Skipped(str(path), errors.UNSUPPORTED_SUFFIX.format(suffix="".join(path.suffixes) or path.name))
        return
    try:
        sidecar = _read_sidecar(path)
    except errors.ReadError as e:
        yield Skipped(str(path), str(e))
        return
    cli = Meta(source=config.source, published=config.published.isoformat() if config.published else None)
    defaults = cli.over(sidecar)
    try:
        size = path.stat().st_size
        if size == 0:
            raise errors.ReadError(errors.EMPTY_FILE)
        if kind in ("text", "html", "json") and size > config.max_file_bytes:
            raise errors.ReadError(errors.TOO_LARGE.format(size=size, limit=config.max_file_bytes))
        reader = _READERS[kind]
        for item in reader(path, config):
            if isinstance(item, Skipped):
                yield item
            else:
                yield _apply_meta(item, defaults)
    except errors.ReadError as e:
        yield Skipped(str(path), str(e))
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
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        pass
    try:
        # A fixed default keeps parsing deterministic: a value missing its day must not borrow today's.
        return date_parser.parse(value, default=datetime(1900, 1, 1)).date()
    except (ValueError, OverflowError) as e:
        raise errors.ReadError(errors.BAD_DATE.format(value=value)) from e


# -- finding files ---------------------------------------------------------------------------------------


def _expand(path: str) -> Iterator[Path | Skipped]:
    candidate = Path(path)
    if candidate.is_dir():
        found = False
        for file in sorted(candidate.rglob("*")):
            relative = file.relative_to(candidate)
            if any(part.startswith(".") for part in relative.parts) or not file.is_file():
                continue
            if file.name.endswith(SIDECAR_SUFFIX):
                continue
            if _kind(file) is None:
                yield Skipped(str(file), errors.UNSUPPORTED_SUFFIX.format(suffix="".join(file.suffixes)))
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
        for match in matches:
            yield from _expand(match)
    else:
        yield Skipped(path, errors.PATH_NOT_FOUND)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    if name.endswith(".gz"):
        name = name[:-3]
    if name.endswith(SIDECAR_SUFFIX):
        return None
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


def _read_sidecar(path: Path) -> Meta:
    stem = path.name
    for suffix in (".gz", *READABLE):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
    for sidecar in (path.with_name(path.name + SIDECAR_SUFFIX), path.with_name(stem + SIDECAR_SUFFIX)):
        if sidecar.is_file():
            try:
                data = json.loads(sidecar.read_text(encoding="utf-8"))
            except (json.JSONDecodeError, UnicodeDecodeError) as e:
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason=e)) from e
            if not isinstance(data, dict):
                raise errors.ReadError(errors.BAD_SIDECAR.format(sidecar=sidecar, reason="not a JSON object"))
            return _meta_from_record(data, ReadConfig())
    return Meta()


# -- bytes to text ---------------------------------------------------------------------------------------


def _open_binary(path: Path) -> IO[bytes]:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _read_bytes(path: Path) -> bytes:
    try:
        with _open_binary(path) as stream:
            return stream.read()
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(errors.BAD_GZIP.format(reason=e)) from e


def decode(data: bytes) -> str:
    """Return ``data`` as text (UTF-8, or UTF-16 with a byte-order mark); raise ReadError if it is not text."""
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


# -- one reader per kind ---------------------------------------------------------------------------------


def _read_text(path: Path, config: ReadConfig) -> Iterator[Item]:
    text = decode(_read_bytes(path))
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    yield make_article(str(path), text, Meta())


def _read_html(path: Path, config: ReadConfig) -> Iterator[Item]:
    yield article_from_html(str(path), decode(_read_bytes(path)))


def article_from_html(path: str, html: str, *, url: str | None = None) -> Article:
    """Return the Article holding the main text and metadata of an HTML page (extracted by trafilatura)."""
    import trafilatura

    try:
        document = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=True
        )
    except (ValueError, TypeError) as e:
        raise errors.ReadError(errors.BAD_HTML.format(reason=e)) from e
    if document is None:
        raise errors.ReadError(errors.NO_TEXT)
    fields = document if isinstance(document, dict) else document.as_dict()
    text = fields.get("text") or ""
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    meta = Meta(
        source=fields.get("sitename"),
        url=fields.get("url") or url,
        title=fields.get("title"),
        published=fields.get("date"),
    )
    return make_article(path, text, meta)


def _first(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    for name in names:
        value = record.get(name)
        if value not in (None, ""):
            return str(value)
    return None


def _meta_from_record(record: dict[str, Any], config: ReadConfig) -> Meta:
    return Meta(
        source=_first(record, config.source_fields),
        url=_first(record, config.url_fields),
        title=_first(record, config.title_fields),
        published=_first(record, config.published_fields),
    )


def _article_from_record(record: Any, where: str, config: ReadConfig) -> Article:
    if not isinstance(record, dict):
        raise errors.ReadError(errors.JSON_NOT_OBJECT.format(kind=type(record).__name__))
    text = _first(record, config.text_fields)
    if text is None:
        raise errors.ReadError(errors.NO_TEXT_FIELD.format(fields=", ".join(config.text_fields)))
    if len(text) > config.max_record_chars:
        raise errors.ReadError(errors.RECORD_TOO_LARGE.format(size=len(text), limit=config.max_record_chars))
    if not text.strip():
        raise errors.ReadError(errors.NO_TEXT)
    return make_article(where, text, _meta_from_record(record, config))


def _records(path: Path, rows: Iterable[tuple[int, Any]], config: ReadConfig, label: str) -> Iterator[Item]:
    count = 0
    for number, record in rows:
        count += 1
        try:
            yield _article_from_record(record, f"{path}#{label}{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
    if count == 0:
        raise errors.ReadError(errors.NO_TEXT)


def _read_json(path: Path, config: ReadConfig) -> Iterator[Item]:
    try:
        data = json.loads(decode(_read_bytes(path)))
    except json.JSONDecodeError as e:
        raise errors.ReadError(errors.BAD_JSON.format(reason=e)) from e
    if isinstance(data, dict) and not _first(data, config.text_fields):
        data = next((value for value in data.values() if isinstance(value, list)), data)
    if isinstance(data, list):
        yield from _records(path, enumerate(data, start=1), config, "item")
    else:
        yield from _records(path, [(1, data)], config, "item")


def _text_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield (line number, line) from a text file, streaming, with decoding and gzip errors as ReadError."""
    number = 0
    try:
        with _open_binary(path) as stream:
            for number, line in enumerate(stream, start=1):
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                yield number, line.decode("utf-8")
    except UnicodeDecodeError as e:
        raise errors.ReadError(f"line {number + 1}: " + errors.UNDECODABLE.format(reason=e)) from e
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(f"after line {number}: " + errors.BAD_GZIP.format(reason=e)) from e


def _read_jsonl(path: Path, config: ReadConfig) -> Iterator[Item]:
    def rows() -> Iterator[tuple[int, Any]]:
        for number, line in _text_lines(path):
            if line.strip():
                yield number, line

    count = 0
    for number, line in rows():
        count += 1
        try:
            record = json.loads(line)
        except json.JSONDecodeError as e:
            yield Skipped(str(path), errors.BAD_JSON.format(reason=e), line=number)
            continue
        try:
            yield _article_from_record(record, f"{path}#L{number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=number)
    if count == 0:
        raise errors.ReadError(errors.NO_TEXT)


def _read_csv(path: Path, config: ReadConfig) -> Iterator[Item]:
    lines = (line for _, line in _text_lines(path))
    reader = csv.reader(lines, strict=True)
    csv.field_size_limit(config.max_record_chars)
    try:
        header = next(reader)
    except StopIteration as e:
        raise errors.ReadError(errors.NO_TEXT) from e
    except csv.Error as e:
        raise errors.ReadError(errors.BAD_CSV.format(reason=e)) from e
    header = [name.strip().lower() for name in header]
    if not set(header) & set(config.text_fields):
        raise errors.ReadError(errors.CSV_NO_TEXT_COLUMN.format(fields=", ".join(config.text_fields)))
    count = 0
    while True:
        row_number = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            yield Skipped(str(path), errors.BAD_CSV.format(reason=e), line=row_number)
            break
        if not any(cell.strip() for cell in row):
            continue
        count += 1
        if len(row) != len(header):
            reason = f"{len(row)} fields where the header has {len(header)}"
            yield Skipped(str(path), errors.BAD_CSV.format(reason=reason), line=row_number)
            continue
        try:
            yield _article_from_record(dict(zip(header, row, strict=True)), f"{path}#L{row_number}", config)
        except errors.ReadError as e:
            yield Skipped(str(path), str(e), line=row_number)
    if count == 0:
        raise errors.ReadError(errors.NO_TEXT)


def _read_warc(path: Path, config: ReadConfig) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    found = 0
    number = 0
    try:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                if record.rec_type not in ("response", "resource"):
                    continue
                number += 1
                uri = record.rec_headers.get_header("WARC-Target-URI")
                content_type = _warc_content_type(record)
                if "html" not in content_type and "text/plain" not in content_type:
                    continue
                body = record.content_stream().read()
                found += 1
                where = f"{path}#{uri or f'record{number}'}"
                try:
                    text = decode(body)
                    if "html" in content_type:
                        yield article_from_html(where, text, url=uri)
                    else:
                        yield make_article(where, text, Meta(url=uri))
                except errors.ReadError as e:
                    yield Skipped(str(path), f"record {number} ({uri}): {e}", line=None)
    except (ArchiveLoadFailed, EOFError, zlib.error, gzip.BadGzipFile, ValueError) as e:
        raise errors.ReadError(errors.BAD_WARC.format(reason=f"after record {number}: {e}")) from e
    if found == 0:
        raise errors.ReadError(errors.WARC_NO_HTML)


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
