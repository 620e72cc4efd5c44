"""The text format: each seed file is one article, a folder of them comes in order."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import seed_path
from tests.read.helpers import read_all


@pytest.mark.parametrize("number", ["000", "001", "002", "003", "004"])
def test_read_txt_seed_is_one_article_with_its_text(seeds_dir: Path, number: str) -> None:
    path = seed_path(seeds_dir, number)
    articles, skipped = read_all(path)
    assert skipped == []
    [article] = articles
    assert article.path == str(path)
    assert article.raw == path.read_text(encoding="utf-8").replace("\r\n", "\n")
    assert article.text == article.raw
    assert (article.source, article.url, article.title, article.published) == (None, None, None, None)


def test_read_seeds_directory_gives_the_five_seeds_in_order(seeds_dir: Path) -> None:
    articles, skipped = read_all(seeds_dir)
    assert skipped == []
    assert [Path(article.path).name[:3] for article in articles] == ["000", "001", "002", "003", "004"]
    assert len({article.id for article in articles}) == 5
