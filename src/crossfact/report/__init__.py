"""Renderers of a Report: JSON (the contract), Markdown and HTML (for people); ``write_report`` writes the chosen
ones, each atomically (report.json streamed record by record), and ``check_writable`` tells before a run whether
it will be able to."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TextIO

from crossfact import errors
from crossfact.model import Report
from crossfact.report.html import render_html
from crossfact.report.json import write_json
from crossfact.report.markdown import render_markdown


def _whole(render: Callable[[Report], str]) -> Callable[[Report, TextIO], None]:
    """Return a writer of a renderer that builds its whole text first (Markdown and HTML, bounded in size)."""

    def write(report: Report, file: TextIO) -> None:
        file.write(render(report))

    return write


# Per format: the file name and the function writing the report into an open text file.
RENDERERS: dict[str, tuple[str, Callable[[Report, TextIO], None]]] = {
    "json": ("report.json", write_json),
    "md": ("report.md", _whole(render_markdown)),
    "html": ("report.html", _whole(render_html)),
}


def write_report(report: Report, out: Path, formats: Iterable[str] = ("json", "md")) -> dict[str, Path]:
    """Write the report in each of ``formats`` into ``out`` and return the path written per format."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in formats:
        filename, write = RENDERERS[name]
        path = out / filename
        with atomic_file(path) as file:
            write(report, file)
        written[name] = path
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through :func:`atomic_file`: a reader (or a crash) sees the old file or the
    whole new one, never a part."""
    with atomic_file(path) as file:
        file.write(text)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[TextIO]:
    """Yield a temporary text file beside ``path`` to write into, then rename it over ``path``; if the block
    raises, the temporary file is removed and ``path`` is left as it was."""
    # Same directory, so the rename never crosses file systems; "x" mode and the default umask give the file
    # the permissions a plain write would.
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        # The readers replace lone surrogates, but an Article built by a caller may still hold one: it is
        # written as "?" rather than failing the whole report.
        with temp.open("x", encoding="utf-8", errors="replace") as file:
            yield file
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


def check_writable(out: Path) -> None:
    """Make ``out`` if missing and raise ConfigError (one line) unless a report can be written into it."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".crossfact-probe.{os.getpid()}.{secrets.token_hex(4)}"
        probe.open("x").close()
        probe.unlink()
    except OSError as e:
        raise errors.ConfigError(errors.OUT_NOT_WRITABLE.format(path=out, reason=e.strerror or e)) from e
