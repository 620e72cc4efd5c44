"""Finding time expressions: the windowed scan finds what a full scan finds, every rule has a handler, and
names built from the language data match only where they are names."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossfact.extract.times.patterns import RULES, candidates
from crossfact.extract.times.resolve import HANDLERS
from tests.conftest import seed_path


def _words(text: str) -> list[str]:
    return [text[found.start : found.end] for found in candidates(text)]


def test_patterns_windowed_scan_equals_full_scan(seeds_dir: Path) -> None:
    texts = [seed_path(seeds_dir, f"00{n}").read_text(encoding="utf-8") for n in range(5)]
    texts.append(
        "By the end of the year, mid-November talks, the 1990s and 5 p.m. EST Nov. 9 were all named, and "
        "Christmas Eve, New Year’s Day, recently, currently and the day before yesterday too."
    )
    for text in texts:
        windowed = [(found.start, found.end, found.rank) for found in candidates(text)]
        assert windowed == [
            (found.start, found.end, found.rank) for found in candidates(text, full_scan=True)
        ]


def test_patterns_every_rule_has_a_handler() -> None:
    assert sorted(HANDLERS) == sorted(rule.name for rule in RULES)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # The longest holiday name wins over its first word.
        ("Stores stayed open on Christmas Eve.", ["Christmas Eve"]),
        ("The ceasefire began on New Year’s Day, 2024.", ["New Year’s Day, 2024"]),
        # "Sept" may drop its dot anywhere; a three-letter abbreviation only before a day number.
        ("The vote is due in Sept 2026 or on Jan 20.", ["Sept 2026", "Jan 20"]),
        ("The Jan report was late.", []),
        # "current account" is an economic term, "currently" a reference to the present.
        ("The current account deficit is currently narrowing.", ["currently"]),
        # A hedge inside the span, and "over" before "the" left out as a preposition.
        (
            "Talks lasted more than two years over the past decade.",
            ["more than two years", "the past decade"],
        ),
    ],
)
def test_patterns_find_names_from_the_language_data(text: str, words: list[str]) -> None:
    assert _words(text) == words
