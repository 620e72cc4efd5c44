"""Render a Report as Markdown for a terminal or a ticket: the summary a fact-checker reads first (counts, the
conflicting claims with their values side by side, single-source and corroborated claims, findings by kind with
their evidence, who reused whom), then the articles, what was skipped and the run.

Every piece of article text is untrusted: ``escape`` keeps it from becoming Markdown or HTML structure.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from crossfact.model import Article, Claim, Conflict, ConflictValue, Report, Span
from crossfact.report.summary import summary_rows
from crossfact.report.values import BASIS_TEXT, value_text

# Characters that would let article text (untrusted) turn into Markdown or HTML structure when rendered.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
# At the start of a list item or heading these open a block in CommonMark (a heading "# ", a list "- ", "+ ",
# "1. ", "1) "); ">" never gets here, it is already "&gt;".
_BLOCK_START = re.compile(r"^(?:([#+-])(?= |$)|(\d+)(?=[.)](?: |$)))")

# A section lists at most this many claims; the rest are counted and are in report.json, report.html and the
# CSV export. 100 rows keep report.md readable in a ticket (the seeds have 99 single-source claims).
MAX_ROWS = 100


def escape(text: str | None) -> str:
    """Return ``text`` safe to place in a Markdown table cell: no markup, no HTML, one line."""
    if text is None:
        return "—"
    text = " ".join(text.split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    # "\#", "\-", "1\." read as the characters themselves.
    return _BLOCK_START.sub(lambda m: f"\\{m[1]}" if m[1] else f"{m[2]}\\", text)


def render_markdown(report: Report) -> str:
    """Return ``report.md`` text for the report."""
    run = report.run
    lines = ["# crossfact report", ""]
    lines += [
        f"- {label}: **{count}**{f' ({detail})' if detail else ''}"
        for label, count, detail in summary_rows(report)
    ]
    lines += [
        f"- Duplicate inputs merged: **{sum(len(article.merged) for article in report.articles)}**",
        f"- Entities: {len(report.entities)} · quantities: {sum(len(a.quantities) for a in report.articles)}"
        f" · times: {sum(len(a.times) for a in report.articles)}"
        f" · quotes: {sum(len(a.quotes) for a in report.articles)}"
        f" · facts: {sum(len(a.facts) for a in report.articles)}"
        f" · stories: {len(report.stories)} · events: {len(report.events)}",
    ]
    view = _View(report)
    lines += _conflicts(report, view)
    lines += _single_source(report, view)
    lines += _corroborated(report, view)
    lines += _findings(report, view)
    lines += _reuse(report, view)
    if report.skipped:
        lines += ["", "## Skipped inputs", "", "| path | line | reason |", "|---|---|---|"]
        for skip in report.skipped:
            line = str(skip.line) if skip.line is not None else "—"
            lines.append(f"| {escape(skip.path)} | {line} | {escape(skip.reason)} |")
    lines += [
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


class _View:
    """Lookups the sections share: articles by id, how each is named, and the sentence around a span."""

    def __init__(self, report: Report) -> None:
        self.articles: dict[str, Article] = {article.id: article for article in report.articles}
        self.events = {event.id: event.label for event in report.events}
        self.claims = {claim.id: claim for claim in report.claims}

    def source(self, article: str) -> str:
        """Return the article's outlet, else its name: how a reader tells sources apart."""
        record = self.articles.get(article)
        return (record.source or record.name or article) if record else article

    def name(self, article: str) -> str:
        """Return the article's name (record id, title or file name), else its id."""
        record = self.articles.get(article)
        return (record.name or record.path) if record else article

    def text(self, span: Span) -> str:
        """Return the words of a span."""
        return span.text_in(self.articles[span.article].text)

    def sentence(self, article: str, start: int) -> str:
        """Return the sentence of ``article`` that holds offset ``start`` (the whole text if none does)."""
        record = self.articles[article]
        for sentence in record.sentences:
            if sentence.start <= start < sentence.end:
                return record.text[sentence.start : sentence.end]
        return record.text

    def event(self, event: str) -> str:
        """Return an event's label, else its id."""
        return self.events.get(event, event)

    def sources(self, claim: Claim) -> list[str]:
        """Return the distinct outlets (or names) of the articles that state a claim."""
        return sorted({self.source(ref.article) for ref in claim.facts})


def _more(total: int) -> list[str]:
    if total <= MAX_ROWS:
        return []
    return [
        "",
        f"… and {total - MAX_ROWS} more: see report.html, report.json or `crossfact export --to csv`.",
    ]


def _conflicts(report: Report, view: _View) -> list[str]:
    """Return the conflicting claims: one overview row per conflict, then each conflict's sides side by side."""
    if not report.conflicts:
        return []
    lines = [
        "",
        "## Conflicting claims",
        "",
        "| event | slot | why one statement | values |",
        "|---|---|---|---|",
    ]
    for conflict in report.conflicts:
        sides = " vs ".join(
            f"{value_text(side.value)} ({view.source(side.article)})" for side in conflict.values
        )
        why = BASIS_TEXT[conflict.basis]
        lines.append(
            f"| {escape(view.event(conflict.event))} | {escape(conflict.slot)} | {why} | {escape(sides)} |"
        )
    for number, conflict in enumerate(report.conflicts, 1):
        lines += [
            "",
            f"### Conflict {number}: {escape(conflict.slot)} in {escape(view.event(conflict.event))}",
            "",
        ]
        lines += _side_by_side(conflict, view)
    return lines


def _side_by_side(conflict: Conflict, view: _View) -> list[str]:
    sides: Sequence[ConflictValue] = conflict.values
    rows: list[tuple[str, list[str | None]]] = [
        ("value", [value_text(side.value) for side in sides]),
        ("source", [view.source(side.article) for side in sides]),
        ("article", [f"{view.name(side.article)} ({side.article})" for side in sides]),
        ("published", [_published(view.articles.get(side.article)) for side in sides]),
        (
            "the words",
            [f"“{view.text(Span(side.article, side.value.start, side.value.end))}”" for side in sides],
        ),
        ("in the sentence", [view.sentence(side.article, side.value.start) for side in sides]),
    ]
    header = "| |" + "".join(f" side {index} |" for index in range(1, len(sides) + 1))
    lines = [header, "|---|" + "---|" * len(sides)]
    lines += [f"| {label} |" + "".join(f" {escape(cell)} |" for cell in cells) for label, cells in rows]
    return lines


def _published(article: Article | None) -> str | None:
    return article.published.isoformat() if article and article.published else None


def _single_source(report: Report, view: _View) -> list[str]:
    """Return the claims that rest on one source (one family of articles), the first to check."""
    claims = [claim for claim in report.claims if claim.status == "single_source"]
    if not claims:
        return []
    lines = [
        "",
        "## Single-source claims",
        "",
        "Each rests on one source: the articles that state it are one family (copies of one text) or one article.",
        "",
        "| statement | source | articles | event |",
        "|---|---|---|---|",
    ]
    for claim in claims[:MAX_ROWS]:
        articles = ", ".join(sorted({view.name(ref.article) for ref in claim.facts}))
        anonymous = " (unnamed sources only)" if claim.anonymous_only else ""
        lines.append(
            f"| {escape(view.text(claim.statement))}{anonymous} | {escape(', '.join(view.sources(claim)))} "
            f"| {escape(articles)} | {escape(view.event(claim.event))} |"
        )
    return lines + _more(len(claims))


def _corroborated(report: Report, view: _View) -> list[str]:
    """Return the claims that independent sources state, most sources first."""
    claims = sorted(
        (claim for claim in report.claims if claim.status == "corroborated"),
        key=lambda claim: -claim.independent_sources,
    )
    if not claims:
        return []
    lines = [
        "",
        "## Corroborated claims",
        "",
        "| statement | independent sources | sources |",
        "|---|---|---|",
    ]
    for claim in claims[:MAX_ROWS]:
        lines.append(
            f"| {escape(view.text(claim.statement))} | {claim.independent_sources} "
            f"| {escape(', '.join(view.sources(claim)))} |"
        )
    return lines + _more(len(claims))


def _findings(report: Report, view: _View) -> list[str]:
    """Return the findings grouped by kind, each with the words it rests on."""
    if not report.findings:
        return []
    by_kind = defaultdict(list)
    for finding in report.findings:
        by_kind[finding.kind].append(finding)
    lines = ["", "## Findings"]
    for kind, findings in sorted(by_kind.items()):
        lines += [
            "",
            f"### {escape(kind)} ({len(findings)})",
            "",
            "| severity | article | message | evidence |",
            "|---|---|---|---|",
        ]
        for finding in findings[:MAX_ROWS]:
            quotes = " … ".join(f"“{view.text(span)}”" for span in finding.evidence)
            lines.append(
                f"| {finding.severity} | {escape(view.name(finding.article))} | {escape(finding.message)} "
                f"| {escape(quotes)} |"
            )
        lines += _more(len(findings))
    return lines


def _reuse(report: Report, view: _View) -> list[str]:
    """Return the families of several articles and who reused whose text."""
    shared = [family for family in report.families if len(family.articles) > 1]
    if not shared and not report.reuse:
        return []
    lines = ["", "## Families and reuse"]
    if shared:
        lines += ["", "Articles of one family count as one source.", "", "| family | articles |", "|---|---|"]
        for family in shared:
            names = ", ".join(f"{view.name(article)} ({view.source(article)})" for article in family.articles)
            lines.append(f"| {family.id} | {escape(names)} |")
    if report.reuse:
        lines += ["", "| text of | reused by | score | kind | how we know |", "|---|---|---|---|---|"]
        for link in report.reuse:
            original, copy = (link.b, link.a) if link.direction == "b->a" else (link.a, link.b)
            if link.direction == "unknown":
                how = f"both reuse {view.name(link.via)}" if link.via else "direction unknown"
                copy_name = f"{view.name(copy)} (or the other way round)"
            else:
                how = next((line for line in link.evidence if "published" in line), "direction from the text")
                copy_name = view.name(copy)
            lines.append(
                f"| {escape(view.name(original))} | {escape(copy_name)} | {link.score:.2f} | {escape(link.kind)} "
                f"| {escape(how)} |"
            )
    return lines
