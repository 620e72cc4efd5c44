"""office_mismatch fires on a title its holder no longer had on the article's date, silent when it fits."""

from __future__ import annotations

from typing import Any

import pytest

from crossfact.checks import office_mismatch
from tests.checks.helpers import article_of, check_findings, corpus_of, words
from tests.conftest import findings_of

MEETING = "Japanese Prime Minister Shigeru Ishiba met President Donald Trump at the White House.\n"


def test_office_mismatch_fires_when_ishiba_is_still_prime_minister_in_late_october_2025() -> None:
    corpus = corpus_of(article_of(MEETING, published="2025-10-29"), through=("canonicalise",))
    (found,) = check_findings(office_mismatch, corpus)
    assert words(corpus, found) == ["Japanese Prime Minister", "Shigeru Ishiba"]
    assert "Sanae Takaichi" in found.message and found.kb == "person:shigeru-ishiba"


@pytest.mark.parametrize("published", ["2025-02-08", ""])
def test_office_mismatch_silent_when_the_title_fits_the_date_or_no_date_is_known(published: str) -> None:
    article = article_of(MEETING, published=published) if published else article_of(MEETING)
    assert check_findings(office_mismatch, corpus_of(article, through=("canonicalise",))) == []


def test_office_mismatch_silent_on_seeds_and_demo(seeds_report: Any, demo_report: Any) -> None:
    # Seed 004 (February 2025) calls Ishiba prime minister while he was; the demo's titles fit their dates.
    assert findings_of(seeds_report, "office_mismatch") == []
    assert findings_of(demo_report, "office_mismatch") == []
