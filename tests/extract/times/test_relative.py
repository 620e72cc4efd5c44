"""Weekdays, "the weekend" and "days later" resolved against a DCT: back in news reporting, forward only under a
future cue, and never an exception at the edge of the calendar."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from crossfact.extract.times import extract_times
from crossfact.model import Article, TimeExpr
from crossfact.read import Meta, make_article

WEDNESDAY = date(2025, 10, 29)


def _times(text: str, published: date | None = WEDNESDAY) -> dict[str, TimeExpr]:
    article: Article = dataclasses.replace(make_article("test.txt", text, Meta()), published=published)
    return {article.text[time.start : time.end]: time for time in extract_times(article)}


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Past tense reports what happened: the Tuesday before the Wednesday article.
        ("The minister announced the cuts at a press conference on Tuesday.", "2025-10-28"),
        ("Police said the two men were arrested on Tuesday near the harbour.", "2025-10-28"),
        # A modal is no future cue: "could not be reached" is reported past.
        ("The mayor could not be reached for comment on Tuesday.", "2025-10-28"),
        # "was expected to" reports a plan of the past.
        ("The ferry was expected to dock on Tuesday but stayed in port.", "2025-10-28"),
        # "next to" is a place, not the future.
        ("A car bomb exploded next to the court building on Tuesday.", "2025-10-28"),
        # The cue of a clause that follows ("that ... will") does not govern the weekday.
        ("The union told members on Tuesday that the strike will go ahead.", "2025-10-28"),
        # Future tense and words of plans look ahead: the coming Tuesday.
        ("The minister will announce the cuts at a press conference on Tuesday.", "2025-11-04"),
        ("The council is to vote on the budget on Tuesday.", "2025-11-04"),
        ("On Tuesday, the league plans to hold a news conference in Leeds.", "2025-11-04"),
        ("The talks are scheduled for Tuesday in Geneva.", "2025-11-04"),
    ],
)
def test_weekday_goes_back_in_reporting_and_forward_under_a_future_cue(text: str, value: str) -> None:
    assert _times(text)["Tuesday"].value == value


def test_the_weekend_follows_the_tense() -> None:
    assert (
        _times("Thousands marched through the city over the weekend.")["the weekend"].value == "2025-W43-WE"
    )
    assert (
        _times("Thousands will march through the city over the weekend.")["the weekend"].value
        == "2025-W44-WE"
    )


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("The fund opened on March 3, 2020. Some 5,000,000,000 days later it closed.", WEDNESDAY),
        ("The fund opened on March 3, 2020. Some 999,999,999,999,999,999 years later it closed.", WEDNESDAY),
        ("The board meets tomorrow, and again next Christmas and on Friday.", date(9999, 12, 31)),
        ("The board met yesterday and last Christmas, and the weekend before.", date(1, 1, 1)),
        ("Two centuries later, next month, the decade after: 12,000 centuries ago.", date(9999, 12, 31)),
    ],
)
def test_date_arithmetic_past_the_calendar_does_not_raise(text: str, published: date) -> None:
    # Issue 16: "days later" overflowed (OverflowError: date value out of range) and the article lost its times.
    times = _times(text, published)
    assert times
    assert all(time.value for time in times.values())


def test_days_later_beyond_the_calendar_has_an_unknown_value() -> None:
    times = _times("The fund opened on March 3, 2020. Some 5,000,000,000 days later it closed.")
    assert times["March 3, 2020"].value == "2020-03-03"
    assert times["Some 5,000,000,000 days later"].value == "XXXX-XX-XX"
