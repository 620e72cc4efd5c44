"""template_text fires on scraped debris (seed 003's flattened tables) and stays silent on clean articles."""

from __future__ import annotations

from typing import Any

from crossfact.checks import template_text
from crossfact.config import ChecksConfig, TemplateTextConfig
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import assert_evidence_exact, findings_of

SCRAPED = (
    "Economic DiplomacyThe unfolding scenario worries exporters in Osaka.\n\n"
    "| Driving Factor | Expected Effect |\n|---|---|\n| Tariffs | Lower margins |\n| Yen | Weaker |\n\n"
    "The ministry will publish its forecast in May.\n"
)


def test_template_text_fires_on_seed_003_tables_and_glued_heading(seeds_report: Any) -> None:
    found = findings_of(seeds_report, "template_text", "003")
    messages = " ".join(f.message for f in found)
    assert "Driving Factor | Expected Effect" in messages
    assert "Main Focus Areas" in messages
    texts = {a.id: a.text for a in seeds_report.articles}
    glued = [f for f in found if "glued" in f.message]
    assert [texts[s.article][s.start : s.end] for f in glued for s in f.evidence] == ["DiplomacyThe"]
    assert_evidence_exact(seeds_report)


def test_template_text_notes_the_banner_of_seed_002(seeds_report: Any) -> None:
    (banner,) = findings_of(seeds_report, "template_text", "002")
    assert banner.severity == "info" and "Miami News, KMIA" in banner.message


def test_template_text_silent_on_clean_articles(seeds_report: Any, demo_report: Any) -> None:
    assert findings_of(seeds_report, "template_text", "001") == []
    assert findings_of(seeds_report, "template_text", "004") == []
    for prefix in ("01_", "02_", "03_", "04_", "05_", "06_"):
        assert findings_of(demo_report, "template_text", prefix) == []
    assert findings_of(demo_report, "template_text", "07_")


def test_template_text_fires_on_a_flattened_table_and_a_glued_heading() -> None:
    corpus = corpus_of(article_of(SCRAPED))
    table, glued = check_findings(template_text, corpus)
    assert "Driving Factor | Expected Effect" in table.message and table.severity == "warning"
    assert words(corpus, table) == ["The ministry will publish its forecast in May."]
    assert words(corpus, glued) == ["DiplomacyThe"]


def test_template_text_silent_on_a_clean_sentence() -> None:
    corpus = corpus_of(article_of("The ministry will publish its forecast in May.\n"))
    assert check_findings(template_text, corpus) == []


def test_template_text_block_gap_comes_from_the_config() -> None:
    # Two table fragments 25 characters apart are one block by default (block_gap 200), two with a gap of 5.
    rows = "| Tariffs | Lower margins |\n|---|---|\n"
    text = f"The ministry spoke.\n\n{rows}\nThe yen fell on Monday.\n\n{rows}\nExporters worried in Osaka.\n"
    corpus = corpus_of(article_of(text))

    def tables(config: ChecksConfig) -> int:
        return len([f for f in check_findings(template_text, corpus, config) if "table" in f.message])

    assert tables(ChecksConfig()) == 1
    assert tables(ChecksConfig(template_text=TemplateTextConfig(block_gap=5))) == 2
