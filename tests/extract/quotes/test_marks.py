"""Quote marks: apostrophes, quotes over paragraph breaks, and unbalanced marks that lose only themselves."""

from __future__ import annotations

import pytest

from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article, Quote
from tests.extract.quotes.conftest import article_from, assert_honest, find_quote, words_of


def test_quotes_a_quote_over_two_paragraphs_is_one(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["001"]
    quote = find_quote(article, quotes, "We greatly appreciate this order")
    words = words_of(article, quote)
    assert "\n\n" in words and words.endswith("and it is truly a fair deal.")
    assert not any(words_of(article, q).startswith("We are entering") for q in quotes)


def test_quotes_none_in_a_seed_full_of_apostrophes(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["003"]
    assert article.text.count("’") >= 5
    assert quotes == []


def test_quotes_a_stray_mark_keeps_the_other_quotes(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["004"]
    cut = article.text.index("Trump made the announcement")
    for stray in ("“", "”", '"', "‘"):
        broken = article_from(
            article.text[:cut] + f"An {stray}unbalanced mark sits here. " + article.text[cut:]
        )
        found = list(extract_quotes(broken))
        assert_honest(broken, found)
        assert [words_of(broken, q) for q in found] == [words_of(article, q) for q in quotes]
        assert [q.speaker_text for q in found] == [q.speaker_text for q in quotes]


@pytest.mark.parametrize(
    "text",
    [
        "Japan’s navy, Trump's aides and the ’90s-era destroyers we’ve seen aren't quoted.",
        "The voters' concerns are real, and the generals’ views differ on rock 'n' roll since the '80s.",
        "O’Brien’s and D'Amato's offices didn’t say; the ‘90s are over.",
        '<tweet tweet-id="783499116076687360"><tweet/>',
    ],
)
def test_quotes_apostrophes_are_not_quote_marks(text: str) -> None:
    assert list(extract_quotes(article_from(text))) == []


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "He called it “a good start. “We will sign it next week,” Ishiba said.",
            ["We will sign it next week"],
        ),
        ("Officials” left early. “We will sign it,” Ishiba said.", ["We will sign it"]),
        ("An 'unclosed mark. 'We will sign it,' Ishiba said.", ["We will sign it"]),
        ('He said "yes. Then "no," she said, and "maybe" later.', ["no", "maybe"]),
    ],
)
def test_quotes_an_unbalanced_mark_loses_only_itself(text: str, words: list[str]) -> None:
    article = article_from(text)
    quotes = list(extract_quotes(article))
    assert_honest(article, quotes)
    assert [words_of(article, q) for q in quotes] == words
