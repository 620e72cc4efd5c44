"""Tests for the language data: every file under lang/en has the shape its loader expects, and an analyst's
added entry takes effect without a code change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest
import yaml

from crossfact import lang

EN = Path(str(resources.files("crossfact.lang").joinpath("en")))
TXT = sorted(EN.glob("*.txt"))
TSV = sorted(EN.glob("*.tsv"))
YAML = sorted(EN.glob("*.yaml"))
# Columns that hold numbers; a typo there would break a stage at import time.
NUMERIC_COLUMNS = frozenset({"value", "factor", "month", "weekday", "seconds"})
# Columns named like numeric ones that hold words: TIMEX3 values (PT1H, PRESENT_REF), weekday names.
_NOT_NUMERIC = {"time_references": {"value"}, "time_set_adverbs": {"value"}, "time_holidays": {"weekday"}}
SRC = Path(__file__).resolve().parents[2] / "src"


def _data_rows(path: Path) -> list[list[str]]:
    rows = path.read_text(encoding="utf-8").splitlines()
    return [row.split("\t") for row in rows if row.strip() and not row.lstrip().startswith("#")]


def test_lang_holds_only_known_formats() -> None:
    files = [path for path in EN.iterdir() if path.is_file()]
    assert files
    assert all(path.suffix in (".txt", ".tsv", ".yaml") for path in files), files


@pytest.mark.parametrize("path", TXT, ids=lambda path: path.name)
def test_lang_txt_entries_are_unique_and_not_blank(path: Path) -> None:
    entries = lang.lines(path.stem)
    assert entries, f"{path.name} has no entries"
    duplicates = sorted({entry for entry in entries if entries.count(entry) > 1})
    assert not duplicates, f"{path.name} lists {duplicates} twice"
    assert all(entry == entry.strip() and entry for entry in entries)


@pytest.mark.parametrize("path", TSV, ids=lambda path: path.name)
def test_lang_tsv_rows_have_the_header_columns_and_unique_keys(path: Path) -> None:
    header, *rows = _data_rows(path)
    assert rows, f"{path.name} has no rows"
    assert all(cell.strip() for cell in header), f"{path.name}: blank column name in {header}"
    for number, cells in enumerate(rows, start=2):
        # Trailing empty cells may be left out (the loader pads them), but a row never has more cells.
        assert len(cells) <= len(header), f"{path.name} data row {number}: {cells} against header {header}"
    keys = [cells[0].strip() for cells in rows]
    assert all(keys), f"{path.name}: a row with an empty first column"
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    assert not duplicates, f"{path.name}: keys {duplicates} appear twice"
    for row in lang.table(path.stem):
        for column in NUMERIC_COLUMNS & row.keys():
            if row[column] and column not in _NOT_NUMERIC.get(path.stem, set()):
                float(row[column])  # raises on a typo


def test_lang_yaml_files_parse() -> None:
    for path in YAML:
        assert yaml.safe_load(path.read_text(encoding="utf-8")) is not None, f"{path.name} is empty"


def test_lang_abbreviations_are_shared_by_cleaner_and_splitter() -> None:
    from crossfact.clean import WRAP_ABBREVIATIONS
    from crossfact.split import AMBIGUOUS_ABBREVIATIONS, TITLE_ABBREVIATIONS

    kinds = {row["kind"] for row in lang.table("abbreviations")}
    assert kinds == {"title", "ambiguous"}
    assert {row["wrap"] for row in lang.table("abbreviations")} == {"yes", "no"}
    # A line break after "U.S." is a scraper's mistake (seed 000) and "U.S." may end a sentence.
    assert "u.s." in WRAP_ABBREVIATIONS and "u.s." in AMBIGUOUS_ABBREVIATIONS
    assert WRAP_ABBREVIATIONS <= TITLE_ABBREVIATIONS | AMBIGUOUS_ABBREVIATIONS


_PROBE = """
from crossfact.extract.quantities import find_quantities
from crossfact.split import split_text
text = "The exchange froze 5,000 bitcoins. Mgr. Okafor resigned."
print([(text[q.start:q.end], q.kind, q.unit) for q in find_quantities(text, article_id="t")])
print(len(list(split_text(text))))
"""


def _probe(env: dict[str, str]) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_lang_added_entry_is_picked_up_without_code_changes(tmp_path: Path) -> None:
    # An analyst copies the lists, adds a currency and an abbreviation, and points CROSSFACT_LANG_DIR there.
    copy = tmp_path / "en"
    shutil.copytree(EN, copy)
    with (copy / "currency_words.tsv").open("a", encoding="utf-8") as file:
        file.write("bitcoins\tXBT\n")
    with (copy / "abbreviations.tsv").open("a", encoding="utf-8") as file:
        file.write("mgr.\ttitle\tno\n")

    before = _probe({})
    after = _probe({lang.LANG_DIR_ENV: str(tmp_path)})

    assert before == ["[('5,000 bitcoins', 'count', 'bitcoins')]", "3"]
    assert after == ["[('5,000 bitcoins', 'money', 'XBT')]", "2"]
