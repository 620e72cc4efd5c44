"""report.md: a readable summary in which untrusted article text cannot become markup."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from crossfact.model import Report, Span
from crossfact.pipeline import analyze
from crossfact.report.markdown import escape, render_markdown


def test_markdown_summarises_seeds_with_removed_debris(seeds_dir: Path) -> None:
    text = render_markdown(analyze([seeds_dir]))
    assert "- Articles analysed: **5** (from 5 inputs)" in text
    assert "## Text kept out of the analysis" in text
    assert "Miami News, KMIA" in text  # the banner dropped from 002 is shown, not lost
    assert "&lt; td &gt;" in text and "< td >" not in text


def test_markdown_escapes_untrusted_text() -> None:
    assert escape("<script>alert(1)</script> | [x](javascript:y)") == (
        "&lt;script&gt;alert(1)&lt;/script&gt; \\| \\[x\\](javascript:y)"
    )
    assert escape("two\nlines") == "two lines"
    assert escape(None) == "—"


def test_markdown_lists_skipped_inputs(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "ok.txt").write_text("The council approved the budget on Monday.", encoding="utf-8")
    text = render_markdown(analyze([tmp_path]))
    assert "## Skipped inputs" in text
    assert "empty.txt | — | file is empty |" in text


def test_markdown_conflicts_say_why_the_claims_were_compared(tmp_path: Path) -> None:
    story = (
        "Magistrates in Leeds fined John Hobbs, 34, {fine} yesterday for assaulting a police officer outside a "
        "nightclub in the city centre. Hobbs had denied the charge and said he would appeal."
    )
    (tmp_path / "wire.txt").write_text(story.format(fine="£500"), encoding="utf-8")
    (tmp_path / "paper.txt").write_text(story.format(fine="£5,000"), encoding="utf-8")
    text = render_markdown(analyze([tmp_path]))
    (row,) = [line for line in text.splitlines() if line.startswith("| ") and " vs " in line]
    assert "one article repeats the other's words with a different figure" in row
    assert "5,000 GBP" in row and "500 GBP" in row
    assert "XXXX" not in row  # "yesterday" with no publication date dates nothing


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# Breaking", "\\# Breaking"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("4.2 billion euros", "4.2 billion euros"),
        ("-3 degrees", "-3 degrees"),
        ("~~struck~~ `code`", "\\~\\~struck\\~\\~ \\`code\\`"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ],
)
def test_markdown_escape_keeps_block_markup_and_html_out(text: str, escaped: str) -> None:
    assert escape(text) == escaped


@pytest.mark.issue(15)
def test_markdown_summary_puts_conflicts_side_by_side(demo_report: Report) -> None:
    text = render_markdown(demo_report)
    status = Counter(claim.status for claim in demo_report.claims)
    assert (
        f"- Claims: **{len(demo_report.claims)}** ({status['conflicting']} conflicting, "
        f"{status['single_source']} single-source, {status['corroborated']} corroborated)"
    ) in text
    assert "- Conflicts: **1**" in text
    section = text.split("## Conflicting claims", 1)[1].split("\n## ", 1)[0]
    assert "| value | 4.2 billion EUR | 2.4 billion EUR |" in section
    assert "| source | North Sea Wire | Polder Review |" in section
    assert "| the words | “€4.2 billion” | “€2.4 billion” |" in section
    assert "signed the €2.4 billion contract in The Hague on Tuesday." in section


@pytest.mark.issue(15)
def test_markdown_summary_lists_claims_by_status_findings_and_reuse(demo_report: Report) -> None:
    text = render_markdown(demo_report)
    sections = [line for line in text.splitlines() if line.startswith("## ")]
    assert sections[:5] == [
        "## Conflicting claims",
        "## Single-source claims",
        "## Corroborated claims",
        "## Findings",
        "## Families and reuse",
    ]
    # Which statements group into one claim depends on the similarity encoder that ran (minilm or lexical): read
    # each claim's words from the report itself.
    single = text.split("## Single-source claims", 1)[1].split("\n## ", 1)[0]
    corroborated = text.split("## Corroborated claims", 1)[1].split("\n## ", 1)[0]
    for claim in demo_report.claims:
        words = escape(_span_text(demo_report, claim.statement))
        if claim.status == "single_source":
            assert f"| {words}" in single
        elif claim.status == "corroborated":
            assert f"| {words} | {claim.independent_sources} |" in corroborated
    assert "### garbled\\_name (1)" in text
    assert "| “Dick Schooff” |" in text  # the evidence quote of the finding
    reuse = text.split("## Families and reuse", 1)[1].split("\n## ", 1)[0]
    wire = "Netherlands signs €4.2 billion North Sea wind-to-hydrogen deal with Danish-German group"
    herald = "Dutch state signs €4.2 billion hydrogen link deal with Danish-German consortium"
    assert f"| {wire} | {herald} | 1.00 | verbatim |" in reuse


def test_markdown_long_sections_say_how_many_more(
    seeds_report: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    from crossfact.report import markdown

    monkeypatch.setattr(markdown, "MAX_ROWS", 10)
    single = render_markdown(seeds_report).split("## Single-source claims", 1)[1].split("\n## ", 1)[0]
    count = sum(1 for claim in seeds_report.claims if claim.status == "single_source")
    assert f"… and {count - 10} more: see report.html" in single


def _span_text(report: Report, span: Span) -> str:
    """Return the words of ``span`` in its article's text."""
    article = next(article for article in report.articles if article.id == span.article)
    return article.text[span.start : span.end]
