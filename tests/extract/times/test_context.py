"""The tense around a date written without its year: the year picked for a month or a month-day, and the cue
words that decide it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from crossfact.extract.times import extract_times
from crossfact.extract.times.context import TenseRules, cues
from crossfact.model import Article, TimeExpr
from crossfact.read import Meta, make_article


def _times(text: str, published: date, rules: TenseRules | None = None) -> dict[str, TimeExpr]:
    article: Article = dataclasses.replace(make_article("test.txt", text, Meta()), published=published)
    found = extract_times(article) if rules is None else extract_times(article, rules=rules)
    return {article.text[time.start : time.end]: time for time in found}


@pytest.mark.parametrize(
    ("text", "published", "words", "value"),
    [
        # A month already past this year, in a past-tense sentence: this year.
        (
            "The factory closed in March after a fire, the company said.",
            date(2025, 10, 29),
            "March",
            "2025-03",
        ),
        # A month still to come this year, in a past-tense sentence: last year.
        (
            "The factory closed in November after a fire, the company said.",
            date(2025, 6, 12),
            "November",
            "2024-11",
        ),
        # The same month with "will": the coming one, this year.
        ("The factory will close in November, the company said.", date(2025, 6, 12), "November", "2025-11"),
        # A month-day without a year in a past sentence: the last one before the DCT.
        ("The vote was held on March 3, officials said.", date(2025, 10, 29), "March 3", "2025-03-03"),
        ("The vote was held on Dec. 3, officials said.", date(2025, 6, 12), "Dec. 3", "2024-12-03"),
        # Planned: the coming one.
        ("The vote is scheduled for Dec. 3, officials said.", date(2025, 6, 12), "Dec. 3", "2025-12-03"),
    ],
)
def test_yearless_month_takes_the_year_the_tense_says(
    text: str, published: date, words: str, value: str
) -> None:
    assert _times(text, published)[words].value == value


def test_cues_tell_modals_and_past_plans_apart() -> None:
    text = "they would look into it and had been scheduled to meet, but will not"
    # "would" says nothing; "had" is past and makes "scheduled" after "had been" past too.
    assert [tense for _, tense in cues(text)] == ["past", "past", "future"]
    assert [tense for _, tense in cues(text, modals=True, past_marked=False)] == [
        "future",
        "past",
        "future",
        "future",
    ]


def test_modals_as_future_cues_move_a_weekday_forward() -> None:
    text = "The mayor could not be reached for comment on Tuesday."
    wednesday = date(2025, 10, 29)
    assert _times(text, wednesday)["Tuesday"].value == "2025-10-28"
    assert _times(text, wednesday, TenseRules(modals=True))["Tuesday"].value == "2025-11-04"
