"""The counts a fact-checker sees first, in report.md and at the end of `crossfact analyze`."""

from __future__ import annotations

from collections import Counter

from crossfact.model import Report
from crossfact.report.summary import render_summary, summary_rows


def test_summary_counts_claims_by_status_and_findings_by_kind(seeds_report: Report) -> None:
    rows = {label: (count, detail) for label, count, detail in summary_rows(seeds_report)}
    assert rows["Articles analysed"] == (5, "from 5 inputs")
    status = Counter(claim.status for claim in seeds_report.claims)
    assert rows["Claims"] == (
        len(seeds_report.claims),
        f"{status['conflicting']} conflicting, {status['single_source']} single-source, "
        f"{status['corroborated']} corroborated",
    )
    assert rows["Findings"][0] == len(seeds_report.findings)
    assert "garbled_name 2" in rows["Findings"][1]
    assert rows["Families"] == (4, "1 of several articles, 1 reuse link")


def test_summary_text_is_one_aligned_line_per_count(demo_report: Report) -> None:
    lines = render_summary(demo_report).splitlines()
    assert [line.split("  ")[0] for line in lines] == [
        "Articles analysed",
        "Inputs skipped",
        "Claims",
        "Conflicts",
        "Findings",
        "Families",
    ]
    assert "Conflicts           1" in lines
    assert "Inputs skipped      0" in lines  # counts right-aligned in one column
