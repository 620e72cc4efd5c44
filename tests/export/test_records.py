"""The one loader every export goes through: a report.json in, the same records a Report gives in memory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from crossfact import errors
from crossfact.export.records import ReportIndex, load_records, records_of


def test_records_loaded_from_report_json_equal_the_records_in_memory(
    seeds_report: Any, seeds_report_json: Path
) -> None:
    assert load_records(seeds_report_json) == records_of(seeds_report)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "does not exist"),
        ("{not json", "is not JSON"),
        (
            '{"schema": "crossfact.report/1"}',
            "has schema 'crossfact.report/1'; this crossfact reads 'crossfact.report/2'",
        ),
        ('{"schema": "crossfact.report/2", "articles": []}', "does not follow the crossfact.report/2 schema"),
    ],
)
def test_records_bad_report_files_are_named_with_what_is_wrong(
    tmp_path: Path, content: str | None, message: str
) -> None:
    path = tmp_path / "report.json"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(errors.ConfigError, match=message) as raised:
        load_records(path)
    assert str(path) in str(raised.value)


def test_records_index_names_articles_by_name_and_outlet(demo_report: Any) -> None:
    records = records_of(demo_report)
    index = ReportIndex.of(records)
    wire = next(a for a in records["articles"] if a["source"] == "North Sea Wire")
    assert index.outlet(wire["id"]) == "North Sea Wire"
    assert index.name(wire["id"]) == wire["name"]
    assert index.family_of[wire["id"]] in {family["id"] for family in records["families"]}
    json.dumps(records)  # the records are plain JSON data
