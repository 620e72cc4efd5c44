"""Exports of a report into the tools analysts already use: CSV tables, the provenance graph as GEXF and GraphML,
and schema.org ClaimReview drafts. Each exporter takes the report records (``export.records``) and a directory.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from crossfact import errors
from crossfact.export.claimreview import write_claimreview
from crossfact.export.csv import write_csv
from crossfact.export.graph import write_gexf, write_graphml
from crossfact.export.records import Records, load_records, records_of

__all__ = ["EXPORTERS", "export_records", "load_records", "records_of"]

EXPORTERS: dict[str, Callable[[Records, Path], list[Path]]] = {
    "csv": write_csv,
    "gexf": write_gexf,
    "graphml": write_graphml,
    "claimreview": write_claimreview,
}


def export_records(
    records: Records, to: str, out: Path, *, claims: Sequence[str] | None = None
) -> list[Path]:
    """Write the records in format ``to`` into ``out`` and return the files written.

    ``claims`` selects the claims of a ClaimReview export (default: every conflicting and single-source claim).
    """
    if to not in EXPORTERS:
        raise errors.ConfigError(errors.EXPORT_UNKNOWN_FORMAT.format(value=to, known=", ".join(EXPORTERS)))
    if to == "claimreview":
        return write_claimreview(records, out, claims=claims)
    return EXPORTERS[to](records, out)
