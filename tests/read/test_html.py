"""The HTML format: the story without the boilerplate, and no date guessed from a footer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.read.helpers import read_all


def test_read_html_keeps_the_story_and_drops_the_boilerplate(fixtures_dir: Path) -> None:
    [article], skipped = read_all(fixtures_dir / "read" / "harbour_page.html")
    assert skipped == []
    for wanted in (
        "approved a €310 million expansion of the eastern container quay",
        "“Without the extra berth we would lose the largest ships",
        "said Marten Kool",
        "Coastal Wetlands Trust",
        "European Investment Bank",
    ):
        assert wanted in article.text
    for debris in (
        "Subscribe today",
        "cookies",
        "All rights reserved",
        "Privacy policy",
        "Related stories",
        "Ferry timetable",
        "dataLayer",
        "<p>",
    ):
        assert debris not in article.text
    assert article.title == "Port authority approves €310 million quay expansion"
    assert article.published == date(2024, 11, 6)
    assert article.url == "https://harbourledger.example/news/2024/11/06/quay-expansion"
    assert article.source == "The Harbour Ledger"


def test_read_html_without_a_date_gets_none(fixtures_dir: Path) -> None:
    # htmldate's extensive search used to date this page 2024-01-01 from its "© 2024" footer.
    [article], _ = read_all(fixtures_dir / "read" / "undated_column.html")
    assert article.published is None
    assert article.warnings == ()
    assert "seal colony on the northern sandbanks" in article.text
    assert "Independent local journalism" not in article.text
    assert (article.source, article.url) == ("Valley Post", "https://valleypost.example/opinion/quay-seals")


@pytest.mark.parametrize(
    "declaration",
    [
        '<meta charset="windows-1251">',
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_read_html_page_in_its_declared_charset(tmp_path: Path, declaration: str) -> None:
    page = (
        f"<html><head>{declaration}<title>Мост</title></head><body><article><p>Мост через реку открыт для "
        "движения после ремонта, сообщили власти города в понедельник утром.</p><p>Ремонт моста длился два "
        "года и обошёлся городу дороже плана.</p></article></body></html>"
    )
    path = tmp_path / "most.html"
    path.write_bytes(page.encode("cp1251"))
    [article], _ = read_all(path)
    assert article.title == "Мост"
    assert article.text.startswith("Мост через реку")
