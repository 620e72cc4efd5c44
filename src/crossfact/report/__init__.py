"""Renderers of a Report: JSON (the contract), Markdown and HTML (for people); ``write_report`` writes the chosen ones."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

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
        # The readers replace lone surrogates, but an Article built by a caller may still hold one: it is
        # written as "?" rather than failing the whole report.
        path.write_text(render(report), encoding="utf-8", errors="replace")
        written[name] = path
    return written
