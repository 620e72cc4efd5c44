"""The exports of ``crossfact export`` as downloads from the workbench: :func:`download` runs the same exporter
over the store's last report and returns one file to send (a zip when the export is several files).

The report is rebuilt from the store (:func:`crossfact.serve.queries.report`), so a download describes the same
run the pages show. The store keeps each article as its per-article steps left it, before the cross-article
entity step linked quote speakers and fact actors to entities; no exporter reads those links, so the files
equal those ``crossfact export`` writes from the run's report.json.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crossfact.export import EXPORTERS, export_records, records_of
from crossfact.model import Report

# What a browser is told each export is; a zip holds several files.
MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".gexf": "application/gexf+xml",
    ".graphml": "application/graphml+xml",
    ".jsonld": "application/ld+json",
    ".zip": "application/zip",
}
FORMATS = tuple(EXPORTERS)


@dataclass(frozen=True, slots=True)
class Download:
    """One file to send: its name, media type and bytes."""

    filename: str
    media_type: str
    data: bytes


def download(report: Report, to: str, *, claims: Sequence[str] | None = None) -> Download:
    """Return the export ``to`` of ``report`` as one file: the file itself when the exporter wrote one, else a
    zip named ``crossfact-<to>.zip`` holding them all. Raises ConfigError for an unknown format or claim id."""
    with tempfile.TemporaryDirectory(prefix="crossfact-export-") as folder:
        out = Path(folder)
        written = export_records(records_of(report), to, out, claims=claims)
        if len(written) == 1:
            (path,) = written
            return Download(path.name, MEDIA_TYPES[path.suffix], path.read_bytes())
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in written:
                archive.write(path, path.relative_to(out).as_posix())
        return Download(f"crossfact-{to}.zip", MEDIA_TYPES[".zip"], buffer.getvalue())
