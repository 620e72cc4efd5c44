"""The CSV format: quoted and multi-line cells in a CRLF export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.read.helpers import read_all


def test_read_csv_rows_with_quoted_and_multiline_cells(fixtures_dir: Path) -> None:
    path = fixtures_dir / "read" / "wire.csv"
    articles, skipped = read_all(path)
    assert skipped == []
    assert [article.path for article in articles] == [f"{path}#L2", f"{path}#L3"]
    first, second = articles
    assert first.text.startswith("Members of the drivers' union voted 81 per cent")
    assert (first.source, first.published) == ("Ostland Courier", date(2024, 10, 17))
    assert second.title == "Pay deal approved, strike threat ends"
    assert second.published == date(2024, 10, 17)
    # The cell spans three lines of a CRLF file: its paragraphs stay, the CRs go, the doubled quotes unfold.
    assert "the union said.\n\nIts chair, Petra Lind" in second.text
    assert 'the result "closes a difficult year" for drivers.' in second.text
    assert "\r" not in second.text
