"""office_mismatch fires on a title its holder no longer had on the article's date, silent when it fits."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

from crossfact.model import Article
from crossfact.pipeline import analyze
from crossfact.read import read_file
from tests.conftest import seed_path


def _seed_004_on(seeds_dir: Path, day: date) -> Any:
    (article,) = read_file(seed_path(seeds_dir, "004"))
    assert isinstance(article, Article)
    return analyze([dataclasses.replace(article, published=day)])


def test_office_mismatch_fires_when_ishiba_is_still_prime_minister_in_late_october_2025(
    seeds_dir: Path,
) -> None:
    report = _seed_004_on(seeds_dir, date(2025, 10, 29))
    (found,) = [f for f in report.findings if f.kind == "office_mismatch"]
    text = report.articles[0].text
    assert [text[s.start : s.end] for s in found.evidence] == ["Japanese Prime Minister", "Shigeru Ishiba"]
    assert "Sanae Takaichi" in found.message and found.kb == "person:shigeru-ishiba"


def test_office_mismatch_silent_when_the_title_fits_the_date(seeds_dir: Path) -> None:
    report = _seed_004_on(seeds_dir, date(2025, 2, 8))
    assert [f for f in report.findings if f.kind == "office_mismatch"] == []
