"""Renderers of a Report: JSON (the contract), Markdown and HTML (for people); ``write_report`` writes the chosen
ones, each atomically, and ``check_writable`` tells before a run whether it will be able to."""

from __future__ import annotations

import contextlib
import os
import secrets
from collections.abc import Callable, Iterable
from pathlib import Path

from crossfact import errors
from crossfact.model import Report
from crossfact.report.html import render_html
from crossfact.report.json import render_json
from crossfact.report.markdown import render_markdown

RENDERERS: dict[str, tuple[str, Callable[[Report], str]]] = {
    "json": ("report.json", render_json),
    "md": ("report.md", render_markdown),
    "html": ("report.html", render_html),
}


def write_report(report: Report, out: Path, formats: Iterable[str] = ("json", "md")) -> dict[str, Path]:
    """Write the report in each of ``formats`` into ``out`` and return the path written per format."""
    out.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in formats:
        filename, render = RENDERERS[name]
        path = out / filename
        write_atomically(path, render(report))
        written[name] = path
    return written


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``: a reader (or a crash)
    sees the old file or the whole new one, never a part."""
    # Same directory, so the rename never crosses file systems; "x" mode and the default umask give the file
    # the permissions a plain write would.
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    try:
        # The readers replace lone surrogates, but an Article built by a caller may still hold one: it is
        # written as "?" rather than failing the whole report.
        with temp.open("x", encoding="utf-8", errors="replace") as file:
            file.write(text)
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
