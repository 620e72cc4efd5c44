"""report.md: a readable summary in which untrusted article text cannot become markup."""

from __future__ import annotations

from pathlib import Path

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
