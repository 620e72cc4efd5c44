"""Partial quotes (a word of the writer's sentence right before the mark) and full ones; quoted words that are
nobody's speech (scare quotes, titles, nicknames, terms) are not reported."""

from __future__ import annotations

import pytest

from crossfact.config import QuotesConfig
from crossfact.extract.quotes import attribute_quotes, extract_quotes
from crossfact.model import Article, Quote
from tests.extract.quotes.conftest import article_from, find_quote, words_of


def test_quotes_partial_and_full_on_the_seeds(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["000"]
    assert find_quote(article, quotes, "fair and beneficial").partial
    assert {words_of(article, q) for q in quotes} >= {
        "fair and beneficial",
        "quickly develop nuclear weapons",
    }
    article, quotes = seeds["004"]
    assert len(quotes) == 3 and not any(q.partial for q in quotes)


def test_quotes_partial_quote_flag() -> None:
    article = article_from("Trump said “we are ready” and called the deal “fair.” He said “We won.”")
    assert [(words_of(article, q), q.partial) for q in extract_quotes(article)] == [
        ("we are ready", False),  # right after the cue: the whole of what he said
        ("fair.", True),
        ("We won.", False),
    ]


@pytest.mark.issue(13)
@pytest.mark.parametrize(
    ("text", "not_a_quote"),
    [
        # A scare quote: the writer's own distance from a word, credited to nobody.
        ("The senator has been mocked for promoting “quack” cures on his radio show.", "quack"),
        # The title of a work after a title word.
        ("In his 2002 book, “Make Your Kid a Millionaire,” the adviser set out a savings plan.", "Make Your"),
        # A nickname inside a name.
        ('Rep. Robert C. "Bobby" Scott opened his house to voters on Saturday.', "Bobby"),
        # A quoted term after "so-called".
        ("Critics call it the so-called “death tax” and want it repealed.", "death tax"),
    ],
)
def test_quotes_words_nobody_said_are_not_quotes(text: str, not_a_quote: str) -> None:
    article = article_from(text)
    assert not [q for q in extract_quotes(article) if words_of(article, q).startswith(not_a_quote)]


@pytest.mark.issue(13)
def test_quotes_attributed_and_standalone_quotes_are_reported() -> None:
    article = article_from(
        "The mayor defended the budget on Tuesday.\n\n"
        "“We cannot keep borrowing to pay for roads,” Mayor Ellen Park said.\n\n"
        "“The city has to live within its means.”\n\n"
        "Council members will vote on the plan next week."
    )
    quotes = list(extract_quotes(article))
    assert [words_of(article, q) for q in quotes] == [
        "We cannot keep borrowing to pay for roads",
        "The city has to live within its means.",
    ]
    assert quotes[0].speaker_text == "Ellen Park" or quotes[0].speaker_text == "Mayor Ellen Park"


@pytest.mark.issue(13)
def test_quotes_unattributed_partial_quote_is_dropped_by_default_and_kept_with_all() -> None:
    text = "The plan was criticised as a “use it or lose it” approach to voting."
    article = article_from(text)
    assert list(extract_quotes(article)) == []
    kept = list(extract_quotes(article, config=QuotesConfig(partial="all")))
    assert [words_of(article, q) for q in kept] == ["use it or lose it"]


@pytest.mark.issue(13)
def test_quotes_a_quoted_sentence_standing_alone_is_reported_only_when_configured() -> None:
    article = article_from(
        "Residents packed the hall on Monday night.\n\n"
        "“Nobody asked us before the trees came down.”\n\n"
        "The meeting ran past midnight."
    )
    # Off by default (chosen by CV on PolNeAR: a quote nobody is credited with costs quote x speaker F1).
    assert list(extract_quotes(article)) == []
    standalone = QuotesConfig(standalone=True)
    assert [(words_of(article, q), rule) for q, rule in attribute_quotes(article, config=standalone)] == [
        ("Nobody asked us before the trees came down.", None)
    ]
