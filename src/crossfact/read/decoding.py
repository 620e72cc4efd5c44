"""Turn a file's bytes into text: gzip unpacked, byte-order marks honoured, size caps kept, lines streamed."""

from __future__ import annotations

import codecs
import gzip
import io
import re
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

from crossfact import errors
from crossfact.config import ReadConfig

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


# The HTML standard looks for a charset in the first 1024 bytes; real pages put a long <head> (scripts,
# styles) first, so 8 kB is searched.
_CHARSET_PROBE = 8192
_META_CHARSET = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_HEADER_CHARSET = re.compile(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def open_binary(path: Path) -> gzip.GzipFile | io.BufferedReader:
    """Return ``path`` opened for reading bytes, unpacked on the fly if its name ends ``.gz``."""
    if path.name.lower().endswith(".gz"):
        return gzip.GzipFile(path, "rb")
    return path.open("rb")


def read_bytes(path: Path, *, limit: int) -> bytes:
    """Return the file's bytes, unpacked if gzipped; the cap is checked on what is unpacked (gzip packs 1000:1)."""
    try:
        with open_binary(path) as stream:
            data = stream.read(limit + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        raise errors.ReadError(errors.BAD_GZIP.format(reason=e)) from e
    if len(data) > limit:
        raise errors.ReadError(errors.TOO_LARGE_UNPACKED.format(limit=limit))
    return data


def decode(data: bytes, *, declared: str | None = None) -> str:
    """Return ``data`` as text (a byte-order mark's encoding, else UTF-8, else the ``declared`` charset, else
    Windows-1252); raise ReadError if it is not text.

    Valid UTF-8 wins over a declaration: text with non-ASCII letters is almost never valid UTF-8 by accident,
    while pages saved as UTF-8 under an old ``charset=iso-8859-1`` header are common.
    """
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
        codec = _codec(declared)
        if codec is not None:
            try:
                return data.decode(codec)
            except UnicodeDecodeError:
                pass  # the declaration is wrong: fall back as if there were none
        # A legacy single-byte file is decoded as Windows-1252 only when that leaves no control characters;
        # otherwise guessing would silently turn bytes into wrong letters in the evidence.
        text = data.decode("cp1252", errors="replace")
        if "\ufffd" in text or any(ord(ch) < 32 and ch not in "\n\r\t\f" for ch in text):
            raise errors.ReadError(errors.UNDECODABLE.format(reason=e)) from e
        return text


def header_charset(content_type: str) -> str | None:
    """Return the charset a Content-Type value declares (``text/html; charset=windows-1251``), or None."""
    match = _HEADER_CHARSET.search(content_type)
    return match.group(1) if match else None


def html_charset(data: bytes) -> str | None:
    """Return the charset an HTML page declares in its head (``<meta charset>`` or ``http-equiv``), or None."""
    match = _META_CHARSET.search(data[:_CHARSET_PROBE])
    return match.group(1).decode("ascii") if match else None


def _codec(name: str | None) -> str | None:
    """Return the Python codec for a declared charset name, or None if it names none Python has."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        return None
    # WHATWG Encoding: browsers read latin-1 and ASCII labels as windows-1252, whose 0x80-0x9F are letters
    # and punctuation (curly quotes, dashes) where latin-1 has control characters.
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec


def read_document(path: Path, config: ReadConfig, *, html: bool = False) -> str:
    """Return the whole text of a one-document file (an ``html`` page in the charset it declares); raise
    ReadError if it is over the size cap or has none.

    Formats read whole into memory call this, so the file-size cap applies to them; the others are streamed.
    """
    size = path.stat().st_size
    if size > config.max_file_bytes:
        raise errors.ReadError(errors.TOO_LARGE.format(size=size, limit=config.max_file_bytes))
    data = read_bytes(path, limit=config.max_file_bytes)
    text = decode(data, declared=html_charset(data) if html else None)
    if not text.strip():
        raise errors.ReadError(errors.BLANK_FILE)
    return text


def line_reader(
    stream: gzip.GzipFile | io.BufferedReader, *, limit: int | None = None
) -> Callable[[int], bytes]:
    """Return a ``readline(size)`` giving UTF-8 lines of ``stream``; UTF-16/32 files (a byte-order mark) are
    re-encoded, since PowerShell and Excel write those. Past ``limit`` bytes in all, it raises ReadError: a gzip
    bomb (8 kB unpacking to gigabytes of newlines, issue 16) stops there."""
    head = stream.peek(_BINARY_PROBE)[:_BINARY_PROBE]
    wide = next((encoding for bom, encoding in _BOMS[1:] if head.startswith(bom)), None)
    if wide is not None:
        text_stream = io.TextIOWrapper(stream, encoding=wide, newline="")

        def read_wide(size: int) -> bytes:
            return text_stream.readline(size).encode("utf-8")

        readline: Callable[[int], bytes] = read_wide
    else:
        if b"\x00" in head:
            raise errors.ReadError(errors.BINARY)
        readline = stream.readline
    if limit is None:
        return readline
    total = 0

    def capped(size: int) -> bytes:
        nonlocal total
        line = readline(size)
        total += len(line)
        if total > limit:
            raise errors.ReadError(errors.UNPACKED_LIMIT.format(limit=limit))
        return line

    return capped


def _bounded_lines(readline: Callable[[int], bytes], limit: int) -> Iterator[bytes | None]:
    """Yield each line, or None for a line over ``limit`` bytes (read past in chunks, never held whole)."""
    while line := readline(limit + 1):
        if len(line) <= limit:
            yield line
            continue
        while not line.endswith(b"\n") and (line := readline(1 << 16)):
            pass
        yield None


def text_lines(
    path: Path, *, limit: int, total: int | None = None
) -> Iterator[tuple[int, str | errors.ReadError]]:
    """Yield (line number, line) streaming; a line over ``limit`` bytes, or that cannot be used, comes as a
    ReadError in its place.

    Damage that ends the file (truncated gzip, broken UTF-16), and more than ``total`` bytes read, raise a
    ReadError naming the first line lost.
    """
    number = 0
    try:
        with open_binary(path) as stream:
            lines = _bounded_lines(line_reader(stream, limit=total), limit)
            for number, line in enumerate(lines, start=1):
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
