"""garbled_name fires on near misses of KB people in a matching role, and not on legitimate variants."""

from __future__ import annotations

from typing import Any

from tests.conftest import findings_of


def test_garbled_name_fires_on_takwati_in_001_and_002(seeds_report: Any) -> None:
    texts = {a.id: a.text for a in seeds_report.articles}
    for prefix in ("001", "002"):
        (found,) = findings_of(seeds_report, "garbled_name", prefix)
        assert "Sanae Takaichi" in found.message and found.kb == "person:sanae-takaichi"
        assert {texts[s.article][s.start : s.end] for s in found.evidence} == {"Sanai Takwati"}


def test_garbled_name_fires_on_the_demo_misspelling(demo_report: Any) -> None:
    (found,) = findings_of(demo_report, "garbled_name")
    assert "'Dick Schooff'" in found.message and found.kb == "person:dick-schoof"
    assert "Prime Minister" in found.message


def test_garbled_name_silent_on_legitimate_variants(seeds_report: Any) -> None:
    # 004 writes "Shigeru Ishiba" and "Ishiba"; 000 "Donald Trump" and "Trump": all linked, none garbled.
    assert findings_of(seeds_report, "garbled_name", "004") == []
    assert findings_of(seeds_report, "garbled_name", "000") == []
