"""template_text fires on scraped debris (seed 003's flattened tables) and stays silent on clean articles."""

from __future__ import annotations

from typing import Any

from tests.conftest import assert_evidence_exact, findings_of


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
