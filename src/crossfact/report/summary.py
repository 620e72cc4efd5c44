"""The few numbers that say what a run found, shared by ``report.md`` and the end of ``crossfact analyze``: articles
analysed and skipped, claims by status, conflicts, findings by kind, families and reuse links."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from crossfact.model import ClaimStatus, Report

# The order a fact-checker reads claims in: what disagrees, what rests on one source, what is corroborated.
STATUS_ORDER: tuple[ClaimStatus, ...] = ("conflicting", "single_source", "corroborated")
STATUS_TEXT: dict[ClaimStatus, str] = {
    "conflicting": "conflicting",
    "single_source": "single-source",
    "corroborated": "corroborated",
}


@dataclass(frozen=True, slots=True)
class Counts:
    """The numbers the summary is made of, counted from a Report or read from a store."""

    articles: int
    inputs: int
    skipped: int
    statuses: Mapping[str, int]  # claims per status
    conflicts: int
    kinds: Mapping[str, int]  # findings per kind
    families: int
    shared_families: int  # families of several articles
    reuse: int


def count_report(report: Report) -> Counts:
    """Return the summary numbers of ``report``."""
    return Counts(
        articles=len(report.articles),
        inputs=report.run.inputs,
        skipped=len(report.skipped),
        statuses=Counter(claim.status for claim in report.claims),
        conflicts=len(report.conflicts),
        kinds=Counter(finding.kind for finding in report.findings),
        families=len(report.families),
        shared_families=sum(1 for family in report.families if len(family.articles) > 1),
        reuse=len(report.reuse),
    )


def summary_rows(report: Report) -> list[tuple[str, int, str]]:
    """Return the summary as (label, count, detail) rows, e.g. ("Claims", 100, "0 conflicting, 99 single-source,
    1 corroborated"); the detail is "" when there is nothing to add."""
    return count_rows(count_report(report))


def count_rows(counts: Counts) -> list[tuple[str, int, str]]:
    """Return the rows of :func:`summary_rows` for numbers already counted."""
    statuses, kinds = counts.statuses, counts.kinds
    return [
        ("Articles analysed", counts.articles, f"from {counts.inputs} inputs"),
        ("Inputs skipped", counts.skipped, ""),
        (
            "Claims",
            sum(statuses.values()),
            ", ".join(f"{statuses.get(status, 0)} {STATUS_TEXT[status]}" for status in STATUS_ORDER),
        ),
        ("Conflicts", counts.conflicts, ""),
        (
            "Findings",
            sum(kinds.values()),
            ", ".join(f"{kind} {count}" for kind, count in sorted(kinds.items())),
        ),
        (
            "Families",
            counts.families,
            f"{counts.shared_families} of several articles, {counts.reuse} reuse link{'' if counts.reuse == 1 else 's'}",
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
