"""Render a Report as Markdown for a terminal or a ticket: a summary, the articles, what was skipped, the run."""

from __future__ import annotations

import re
from collections import Counter

from crossfact.model import Report
from crossfact.report.values import BASIS_TEXT, value_text

# Characters that would let article text (untrusted) turn into Markdown or HTML structure when rendered.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|])")


def escape(text: str | None) -> str:
    """Return ``text`` safe to place in a Markdown table cell: no markup, no HTML, one line."""
    if text is None:
        return "—"
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def render_markdown(report: Report) -> str:
    """Return ``report.md`` text for the report."""
    run = report.run
    lines = [
        "# crossfact report",
        "",
        f"- Articles analysed: **{len(report.articles)}** (from {run.inputs} inputs)",
        f"- Inputs skipped: **{len(report.skipped)}**",
        f"- Duplicate inputs merged: **{sum(len(article.merged) for article in report.articles)}**",
        f"- Entities: {len(report.entities)} · quantities: {sum(len(a.quantities) for a in report.articles)}"
        f" · times: {sum(len(a.times) for a in report.articles)}"
        f" · quotes: {sum(len(a.quotes) for a in report.articles)}"
        f" · facts: {sum(len(a.facts) for a in report.articles)}",
        f"- Families: {len(report.families)} · stories: {len(report.stories)} · events: {len(report.events)}"
        f" · claims: {len(report.claims)} · conflicts: {len(report.conflicts)} · findings: {len(report.findings)}",
        "",
        "## Articles",
        "",
        "| id | name | source | published | title | path | sentences | cleaning edits |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for article in report.articles:
        reasons = Counter(edit.reason for edit in article.edits)
        edits = ", ".join(f"{reason} {count}" for reason, count in sorted(reasons.items())) or "none"
        published = article.published.isoformat() if article.published else None
        lines.append(
            f"| {article.id} | {escape(article.name or article.path)} | {escape(article.source)} "
            f"| {escape(published)} | {escape(article.title)} | {escape(article.path)} "
            f"| {len(article.sentences)} | {edits} |"
        )
    lines += _claims(report)
    merged = [(article, path) for article in report.articles for path in article.merged]
    if merged:
        lines += ["", "## Duplicate inputs merged", ""]
        lines += [f"- {escape(path)} has the same content as {article.id}" for article, path in merged]
    removed = [
        (article, edit)
        for article in report.articles
        for edit in article.edits
        if edit.reason in ("boilerplate", "table")
    ]
    if removed:
        lines += [
            "",
            "## Text kept out of the analysis",
            "",
            "| article | reason | removed text |",
            "|---|---|---|",
        ]
        lines += [f"| {article.id} | {edit.reason} | {escape(edit.raw)} |" for article, edit in removed]
    if report.skipped:
        lines += ["", "## Skipped inputs", "", "| path | line | reason |", "|---|---|---|"]
        for skip in report.skipped:
            line = str(skip.line) if skip.line is not None else "—"
            lines.append(f"| {escape(skip.path)} | {line} | {escape(skip.reason)} |")
    warned = [(article, warning) for article in report.articles for warning in article.warnings]
    if warned:
        lines += ["", "## Reader warnings", ""]
        lines += [f"- {article.id}: {escape(warning)}" for article, warning in warned]
    lines += [
        "",
        "## Run",
        "",
        f"- crossfact {escape(run.version)}, executor {escape(run.executor)}",
        f"- Components: {', '.join(run.components)}",
        "- Fallbacks: " + (", ".join(f"{name} → {used}" for name, used in run.fallbacks) or "none"),
        "- Timings (s): " + ", ".join(f"{name} {seconds:.3f}" for name, seconds in run.timings),
        "",
    ]
    return "\n".join(lines)


def _claims(report: Report) -> list[str]:
    """Return the claims section: per event, conflicting claims first, then single-source, then corroborated."""
    if not report.claims:
        return []
    texts = {article.id: article.text for article in report.articles}
    sources = {article.id: article.source or article.name or article.id for article in report.articles}
    events = {event.id: event for event in report.events}
    rank = {"conflicting": 0, "single_source": 1, "corroborated": 2}
    order = {event.id: index for index, event in enumerate(report.events)}
    lines = [
        "",
        "## Claims",
        "",
        "| event | status | independent sources | statement | sources |",
        "|---|---|---|---|---|",
    ]
    for claim in sorted(report.claims, key=lambda c: (order.get(c.event, len(order)), rank[c.status])):
        statement = claim.statement.text_in(texts[claim.statement.article])
        cited = sorted({sources[ref.article] for ref in claim.facts})
        label = events[claim.event].label if claim.event in events else claim.event
        lines.append(
            f"| {escape(label)} | {claim.status} | {claim.independent_sources} | {escape(statement)} "
            f"| {escape(', '.join(cited))} |"
        )
    if report.conflicts:
        lines += [
            "",
            "## Conflicts",
            "",
            "| event | slot | why one statement | values |",
            "|---|---|---|---|",
        ]
        for conflict in report.conflicts:
            sides = " vs ".join(
                f"{value_text(side.value)} ({sources.get(side.article, side.article)})"
                for side in conflict.values
            )
            label = events[conflict.event].label if conflict.event in events else conflict.event
            why = BASIS_TEXT[conflict.basis]
            lines.append(f"| {escape(label)} | {escape(conflict.slot)} | {why} | {escape(sides)} |")
    return lines
