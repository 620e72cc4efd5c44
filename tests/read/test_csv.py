"""The CSV format: quoted and multi-line cells in a CRLF export."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from crossfact.config import ReadConfig
from tests.read.helpers import GOOD_TEXT, read_all, write


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


ROWS = [f"{GOOD_TEXT.strip()} Row {n}." for n in range(3)]


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (b'"caf\xe9 au lait"\n', "row is not valid UTF-8"),
        (b'"a "quoted" word"\n', "malformed CSV row"),
        (b'"' + b"x" * 3000 + b'"\n', "over the limit of 2000 bytes"),
        (b'"' + b"line\n" * 600 + b'"\n', "over the limit of 2000 bytes"),
    ],
)
def test_read_bad_csv_row_is_skipped_and_the_rows_after_it_are_read(
    tmp_path: Path, bad: bytes, reason: str
) -> None:
    head, *rows = [b"text\n", *(f'"{row}"\n'.encode() for row in ROWS)]
    path = write(tmp_path / "table.csv", head + rows[0] + bad + b"".join(rows[1:]))
    articles, [skip] = read_all(path, config=ReadConfig(max_file_bytes=2000))
    assert [article.raw for article in articles] == ROWS
    assert skip.line == 3
    assert reason in skip.reason


def test_read_csv_rows_after_a_multi_line_cell_or_a_lone_carriage_return_are_all_read(tmp_path: Path) -> None:
    cell = 'First line.\nSecond line,\nwith a comma and a ""quote"".'
    path = write(
        tmp_path / "table.csv", f'text,n\n"{ROWS[0]}",1\r"{cell}",2\n"{ROWS[1]}",3\r\n"{ROWS[2]}",4\n'
    )
    articles, skipped = read_all(path)
    assert skipped == []
    assert [article.raw for article in articles] == [ROWS[0], cell.replace('""', '"'), ROWS[1], ROWS[2]]
    assert [article.path.rsplit("#", 1)[1] for article in articles] == ["L2", "L2", "L5", "L6"]
