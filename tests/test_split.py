"""Sentence splitting: abbreviations, quotes, paragraphs, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from crossfact.clean import clean_article
from crossfact.config import SplitConfig
from crossfact.read import read_file
from crossfact.split import split_article, split_text
from tests.conftest import seed_path
from tests.scaling import MAX_RATIO, doubling_ratio


def _sentences(text: str, config: SplitConfig | None = None) -> list[str]:
    return [text[s.start : s.end] for s in split_text(text, config=config)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Gen. Mark Milley said the U.S. Army would stay. The U.S. State Department agreed.",
            ["Gen. Mark Milley said the U.S. Army would stay.", "The U.S. State Department agreed."],
        ),
        (
            "He left the U.S. The next day he was in Tokyo.",
            ["He left the U.S.", "The next day he was in Tokyo."],
        ),
        (
            "Strengthening Japan-U.S. Defense Ties: Implications. Then more.",
            ["Strengthening Japan-U.S. Defense Ties: Implications.", "Then more."],
        ),
        (
            "Mr. Smith met Dr. Jones on Jan. 5 in St. Louis.",
            ["Mr. Smith met Dr. Jones on Jan. 5 in St. Louis."],
        ),
        (
            "Shares rose 3.5 pct to 12.5 dlrs. Analysts said No. 2 was next.",
            ["Shares rose 3.5 pct to 12.5 dlrs.", "Analysts said No. 2 was next."],
        ),
        (
            "“We won. It was a fair deal,” Trump said. Then he left.",
            ["“We won.", "It was a fair deal,” Trump said.", "Then he left."],
        ),
        ("'Is it over?' she asked. 'Yes.' He nodded.", ["'Is it over?' she asked.", "'Yes.'", "He nodded."]),
        ("Prices fell... and then rose again.", ["Prices fell... and then rose again."]),
        ("J. R. Smith scored 20 points.", ["J. R. Smith scored 20 points."]),
    ],
)
def test_split_sentences(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_split_never_crosses_a_paragraph_break() -> None:
    text = "A line without an end\nAnother line. Two sentences.\n\nLast one"
    sentences = list(split_text(text))
    assert [text[s.start : s.end] for s in sentences] == [
        "A line without an end",
        "Another line.",
        "Two sentences.",
        "Last one",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2]
    assert all("\n" not in text[s.start : s.end] for s in sentences)


def test_split_extra_abbreviations_from_config() -> None:
    text = "The Fed. Reserve met. It held rates."
    assert _sentences(text) == ["The Fed.", "Reserve met.", "It held rates."]
    assert _sentences(text, SplitConfig(abbreviations=("Fed.",))) == [
        "The Fed. Reserve met.",
        "It held rates.",
    ]


def test_split_seed_001_sentences_are_exact_slices(seeds_dir: Path) -> None:
    (article,) = read_file(seed_path(seeds_dir, "001"))
    article = split_article(clean_article(article))  # type: ignore[arg-type]
    texts = [article.text[s.start : s.end] for s in article.sentences]
    assert texts[1].startswith(
        "US President Donald Trump, who was reelected and sworn in on January 20, 2025"
    )
    assert any(
        t.startswith("In September 2024, the administration decided to cut import tariffs") for t in texts
    )
    assert all(t == t.strip() and t for t in texts)


@pytest.mark.issue(16)
@pytest.mark.parametrize(
    ("unit", "size"),
    [("U.S. ", 16_000), ("Mr. ", 16_000), (".", 200_000), ("a. ", 50_000), ('"Yes." ', 16_000)],
)
def test_split_is_linear_on_runs_of_abbreviations_and_marks(unit: str, size: int) -> None:
    # 8k/16k/32k repeats of "U.S. " took 5.5/20/83 s before the token was found by scanning back.
    ratio = doubling_ratio(lambda n: unit * n, lambda text: list(split_text(text)), size)
    assert ratio < MAX_RATIO, f"{unit!r}: doubling the input took {ratio:.1f}x as long"


def test_split_keeps_an_abbreviation_run_as_one_sentence_and_breaks_after_a_real_end() -> None:
    text = "Officials from the U.S. U.S. U.S. met. They agreed."
    assert [text[s.start : s.end] for s in split_text(text)] == [
        "Officials from the U.S. U.S. U.S. met.",
        "They agreed.",
    ]
