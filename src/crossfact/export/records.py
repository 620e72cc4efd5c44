"""The report records every exporter reads: the data of ``report.json`` (contract ``crossfact.report/2``), loaded
from a file through one checked loader or taken from a Report in memory, and an index that resolves their ids.

Exporters take these records, never a path, so they work the same on a report.json and on anything else that
yields the same records (a store, later).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from crossfact import errors
from crossfact.model import Value
from crossfact.report.json import SCHEMA_ID, report_to_dict, validate_report

if TYPE_CHECKING:
    from crossfact.model import Report

Records = dict[str, Any]


def load_records(path: Path) -> Records:
    """Return the records of the report.json at ``path``, checked against the shipped schema.

    Raises ConfigError naming the file and what is wrong with it (missing, not JSON, another schema version,
    or a record that breaks the schema).
    """
    import jsonschema

    if not path.is_file():
        raise errors.ConfigError(errors.REPORT_MISSING.format(path=path))
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise errors.ConfigError(errors.REPORT_UNPARSABLE.format(path=path, reason=e)) from e
    found = data.get("schema") if isinstance(data, dict) else None
    if found != SCHEMA_ID:
        raise errors.ConfigError(
            errors.REPORT_WRONG_SCHEMA.format(path=path, found=found, expected=SCHEMA_ID)
        )
    try:
        validate_report(data)
    except jsonschema.ValidationError as e:
        where = "/".join(str(part) for part in e.absolute_path) or "top level"
        raise errors.ConfigError(
            errors.REPORT_INVALID.format(path=path, schema=SCHEMA_ID, where=where, reason=e.message[:200])
        ) from e
    records: Records = data
    return records


def records_of(report: Report) -> Records:
    """Return the records of a Report in memory: the same data its report.json holds."""
    return report_to_dict(report)


@dataclass(frozen=True, slots=True)
class ReportIndex:
    """Lookups over the records by id: articles, the family of each article, events, facts and claims."""

    articles: dict[str, dict[str, Any]]
    family_of: dict[str, str]
    events: dict[str, dict[str, Any]]
    facts: dict[str, dict[str, Any]]
    claims: dict[str, dict[str, Any]]

    @classmethod
    def of(cls, records: Records) -> ReportIndex:
        """Return the index of ``records``."""
        return cls(
            articles={article["id"]: article for article in records["articles"]},
            family_of={
                article: family["id"] for family in records["families"] for article in family["articles"]
            },
            events={event["id"]: event for event in records["events"]},
            facts={fact["id"]: fact for fact in records["facts"]},
            claims={claim["id"]: claim for claim in records["claims"]},
        )

    def name(self, article: str) -> str:
        """Return what the views call an article: its name (a record id, title or file name)."""
        return str(self.articles[article]["name"]) if article in self.articles else article

    def outlet(self, article: str) -> str | None:
        """Return the article's outlet (its ``source``), or None when no input said it."""
        record = self.articles.get(article)
        return record["source"] if record else None

    def event_label(self, event: str) -> str:
        """Return the event's label, or its id when the event is not in the records."""
        return str(self.events[event]["label"]) if event in self.events else event


def value_of(record: dict[str, Any]) -> Value:
    """Return the model Value of a value record (``report.json`` writes a text value in place of the number)."""
    raw = record["value"]
    text = raw if isinstance(raw, str) else None
    return Value(
        slot=record["slot"],
        kind=record["kind"],
        value=0.0 if text is not None else float(raw),
        start=record["span"]["start"],
        end=record["span"]["end"],
        unit=record["unit"],
        approx=record["approx"],
        upper=record["upper"],
        text_value=text,
    )
