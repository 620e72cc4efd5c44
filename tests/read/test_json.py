"""The JSON format: one object, an array, a wrapped feed, and a bad item named by its index."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from crossfact.model import Skipped
from tests.read.helpers import GOOD_TEXT, read_all, write


@pytest.mark.parametrize(
    ("name", "paths", "titles"),
    [
        ("single.json", ["single.json"], ["Library reopens after two-year renovation"]),
        (
            "array.json",
            ["array.json#item1", "array.json#item2"],
            ["Ferry timetable changes for winter", "Dockworkers vote on new contract"],
        ),
        ("wrapped.json", ["wrapped.json#item1"], ["Seal colony survey to start in spring"]),
    ],
)
def test_read_json_object_array_and_wrapped_list(
    fixtures_dir: Path, name: str, paths: list[str], titles: list[str]
) -> None:
    articles, skipped = read_all(fixtures_dir / "read" / name)
    assert skipped == []
    assert [Path(article.path).name for article in articles] == paths
    assert [article.title for article in articles] == titles
    assert all(article.url and article.source and article.published for article in articles)


def test_read_json_wrapped_list_carries_its_fields(fixtures_dir: Path) -> None:
    [article], _ = read_all(fixtures_dir / "read" / "wrapped.json")
    assert article.text.startswith("The Coastal Wetlands Trust will count the seal colony")
    assert (article.url, article.published, article.source) == (
        "https://valleypost.example/news/seal-survey",
        date(2024, 11, 7),
        "Valley Post",
    )


def test_read_bad_item_of_a_json_array_is_named_by_its_index(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", json.dumps([{"text": "One."}, "Two.", {"text": "Three."}]))
    articles, [skip] = read_all(path)
    assert [article.path for article in articles] == [f"{path}#item1", f"{path}#item3"]
    assert skip == Skipped(str(path), "item 2: JSON record is a string, expected an object with a text field")


@pytest.mark.parametrize("joiner", ["\n", ""])
def test_read_json_file_of_two_lists_or_glued_objects_reads_every_record(tmp_path: Path, joiner: str) -> None:
    texts = [f"{GOOD_TEXT} Record {n}." for n in range(3)]
    two_lists = write(
        tmp_path / "two.json", json.dumps([{"text": texts[0]}]) + joiner + json.dumps([{"text": texts[1]}])
    )
    glued = write(tmp_path / "glued.json", "".join(json.dumps({"text": text}) for text in texts))
    articles, skipped = read_all(two_lists, glued)
    assert skipped == []
    assert [article.raw for article in articles] == texts[:2] + texts
    assert [article.path.rsplit("#", 1)[1] for article in articles] == [
        "item1",
        "item2",
        "item1",
        "item2",
        "item3",
    ]


def test_read_json_damage_after_the_first_value_keeps_what_came_before_and_says_where(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.json", json.dumps([{"text": GOOD_TEXT}]) + '\n\n[{"text": "cut')
    [article], [skip] = read_all(path)
    assert article.raw == GOOD_TEXT
    assert skip.line == 3
    assert "malformed JSON after the first 1 value(s)" in skip.reason
