"""The few numbers that say what a run found, shared by ``report.md`` and the end of ``crossfact analyze``: articles
analysed and skipped, claims by status, conflicts, findings by kind, families and reuse links."""

from __future__ import annotations

from collections import Counter

from crossfact.model import ClaimStatus, Report

# The order a fact-checker reads claims in: what disagrees, what rests on one source, what is corroborated.
STATUS_ORDER: tuple[ClaimStatus, ...] = ("conflicting", "single_source", "corroborated")
STATUS_TEXT: dict[ClaimStatus, str] = {
    "conflicting": "conflicting",
    "single_source": "single-source",
    "corroborated": "corroborated",
}


def summary_rows(report: Report) -> list[tuple[str, int, str]]:
    """Return the summary as (label, count, detail) rows, e.g. ("Claims", 100, "0 conflicting, 99 single-source,
    1 corroborated"); the detail is "" when there is nothing to add."""
    statuses = Counter(claim.status for claim in report.claims)
    kinds = Counter(finding.kind for finding in report.findings)
    shared = [family for family in report.families if len(family.articles) > 1]
    return [
        ("Articles analysed", len(report.articles), f"from {report.run.inputs} inputs"),
        ("Inputs skipped", len(report.skipped), ""),
        (
            "Claims",
            len(report.claims),
            ", ".join(f"{statuses[status]} {STATUS_TEXT[status]}" for status in STATUS_ORDER),
        ),
        ("Conflicts", len(report.conflicts), ""),
        (
            "Findings",
            len(report.findings),
            ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
        ),
        (
            "Families",
            len(report.families),
            f"{len(shared)} of several articles, {len(report.reuse)} reuse link{'' if len(report.reuse) == 1 else 's'}",
        ),
    ]


def render_summary(report: Report) -> str:
    """Return the summary as aligned plain-text lines for a terminal ("Claims  100  (0 conflicting, ...)")."""
    rows = summary_rows(report)
    width = max(len(label) for label, _, _ in rows)
    digits = max(len(str(count)) for _, count, _ in rows)
    return "\n".join(
        f"{label.ljust(width)}  {str(count).rjust(digits)}{f'  ({detail})' if detail else ''}"
        for label, count, detail in rows
    )
