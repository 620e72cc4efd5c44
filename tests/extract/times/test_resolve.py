"""extract_times: real news sentences normalised against a DCT, the seeds with and without one, non-times."""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

import pytest

from crossfact.clean import clean_article
from crossfact.extract.times import extract_times
from crossfact.kb import load_kb
from crossfact.model import Anchor, Article, Mention, TimeExpr
from crossfact.read import Meta, make_article
from tests.conftest import seed_path

DCT = date(2025, 10, 29)  # a Wednesday, the day after the seeds' "October 28th"
DCT_ANCHOR = Anchor("dct", day=DCT)
BIDEN_END = Anchor("kb", person="person:joe-biden", office="office:us-president", edge="end")


def _article(text: str, published: date | None = DCT) -> Article:
    return dataclasses.replace(make_article("test.txt", text, Meta()), published=published)


def _times(article: Article) -> dict[str, TimeExpr]:
    return {article.text[time.start : time.end]: time for time in extract_times(article)}


def _seed(seeds_dir: Path, number: str, published: date | None = None) -> Article:
    path = seed_path(seeds_dir, number)
    article = clean_article(make_article(str(path), path.read_text(encoding="utf-8"), Meta()))
    return dataclasses.replace(article, published=published)


@pytest.mark.parametrize(
    ("text", "words", "type", "value", "mod", "anchor"),
    [
        # Absolute dates need no anchor.
        ("Trump, who was sworn in on January 20, 2025, praised the deal.", "January 20, 2025", "DATE",
         "2025-01-20", None, None),
        ("In September 2024, the administration decided to cut import tariffs on cars from Japan.",
         "September 2024", "DATE", "2024-09", None, None),
        ("NATO announced in late 2024 that it had purchased $2 billion in US weapons for Ukraine.", "late 2024",
         "DATE", "2024", "END", None),
        ("Japan is committed to doubling its defense spending by 2027.", "2027", "DATE", "2027", None, None),
        ("The Ministry of Defense reported a 3% rise in 2024 budgets.", "2024", "DATE", "2024", None, None),
        # Relative to the DCT (Wednesday 29 October 2025).
        ("On October 28th, U.S. President Donald Trump disclosed that Japan had placed a significant order.",
         "October 28th", "DATE", "2025-10-28", None, DCT_ANCHOR),
        ("Talks on the tariff deal began in early June, officials said.", "early June", "DATE", "2025-06",
         "START", DCT_ANCHOR),
        ("His administration approved nearly $1 billion in foreign military sales to Japan this week.",
         "this week", "DATE", "2025-W44", None, DCT_ANCHOR),
        ("Trump met Japanese Prime Minister Sanae Takaichi in Tokyo last Friday.", "last Friday", "DATE",
         "2025-10-24", None, DCT_ANCHOR),
        ("The two leaders spoke by telephone on Thursday.", "Thursday", "DATE", "2025-10-23", None, DCT_ANCHOR),
        ("Takaichi will host Trump at a state dinner on Thursday.", "Thursday", "DATE", "2025-10-30", None,
         DCT_ANCHOR),
        ("The Defense Security Cooperation Agency announced the decision yesterday.", "yesterday", "DATE",
         "2025-10-28", None, DCT_ANCHOR),
        ("Japanese officials are expected to sign the contract today.", "today", "DATE", "2025-10-29", None,
         DCT_ANCHOR),
        ("Just weeks prior, the Trump administration had slashed import tariffs on Japanese automobiles.",
         "Just weeks prior", "DATE", "PAST_REF", None, DCT_ANCHOR),
        ("Russian state media recently claimed that Japan could quickly develop nuclear weapons.", "recently",
         "DATE", "PAST_REF", None, DCT_ANCHOR),
        ("Mitsubishi Heavy Industries reported a sharp rise in third-quarter profit.", "third-quarter", "DATE",
         "2025-Q3", None, DCT_ANCHOR),
        ("The statement was released at 10:35 a.m. on Tuesday.", "10:35 a.m. on Tuesday", "TIME",
         "2025-10-28T10:35", None, DCT_ANCHOR),
        # Durations and sets do not depend on the DCT.
        ("Japan's defence budget has grown steadily over the past three years.", "the past three years",
         "DURATION", "P3Y", None, None),
        ("Negotiations over the steel deal dragged on for more than two years.", "more than two years",
         "DURATION", "P2Y", "MORE_THAN", None),
        ("U.S. and Japanese destroyers have drilled together every week since the summit.", "every week", "SET",
         "P1W", None, None),
        ("The ministry has briefed lawmakers weekly on the negotiations.", "weekly", "SET", "P1W", None, None),
    ],
)  # fmt: skip
def test_times_normalise_news_sentences(
    text: str, words: str, type: str, value: str, mod: str | None, anchor: Anchor | None
) -> None:
    time = _times(_article(text))[words]
    assert (time.type, time.value, time.mod, time.anchor) == (type, value, mod, anchor)


def _with_biden(article: Article) -> Article:
    """The article with the mention the entities stage gives "Former President Joe Biden" (built by hand here:
    the stage's own tests cover how it finds it)."""
    start = article.text.index("Joe Biden")
    mention = Mention(
        article.id, start, start + len("Joe Biden"), "PERSON", "Former President", "person:joe-biden"
    )
    return dataclasses.replace(article, mentions=(mention,))


def test_times_final_weeks_in_office_anchor_on_the_kb_tenure() -> None:
    article = _with_biden(
        _article(
            "Former President Joe Biden blocked the deal in his final weeks in office, citing national security "
            "concerns."
        )
    )
    time = _times(article)["his final weeks in office"]
    assert (time.type, time.value) == ("DATE", "2025-01")
    assert time.anchor == BIDEN_END
    assert list(extract_times(article, kb=load_kb())) == list(extract_times(article))
    assert _times(dataclasses.replace(article, mentions=())) == {}  # no linked person, nothing to anchor on


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. State Department has approved a potential $100.2 million contract.",
        "The agreement includes advanced systems such as F-35 fighter jets.",
        "He is the No. 2 official at the embassy in Tokyo.",
        "The Pentagon will deploy 2,000 troops to the region.",
        "About 2000 troops took part in the drill.",
        "The administration cut import tariffs on cars from 27.5% to 15%.",
        "Officials may meet again if the talks stall.",
        "China Daily reported the deal without comment.",
        "",
        "  \n ",
    ],
)
def test_times_ignore_money_counts_codes_and_empty_text(text: str) -> None:
    assert list(extract_times(_article(text))) == []


def test_times_without_any_anchor_keep_the_year_unknown() -> None:
    time = _times(_article("On October 28th, Trump disclosed the order.", published=None))["October 28th"]
    assert (time.value, time.anchor) == ("XXXX-10-28", None)


@pytest.mark.parametrize(
    ("number", "published", "expected"),
    [
        ("000", DCT, {("January 20, 2025", "2025-01-20", None), ("October 28th", "2025-10-28", DCT_ANCHOR)}),
        # No DCT: "January 20, 2025" is the latest full date, so the rest is resolved against it, and the
        # yearless "October 28th" takes its year (a lower bound of the unknown DCT, said by the anchor).
        ("000", None, {("January 20, 2025", "2025-01-20", None),
                       ("October 28th", "2025-10-28", Anchor("inferred", day=date(2025, 1, 20)))}),
        ("001", None, {("January 20, 2025", "2025-01-20", None), ("September 2024", "2024-09", None),
                       ("late 2024", "2024", None)}),
        ("001", DCT, {("January 20, 2025", "2025-01-20", None), ("September 2024", "2024-09", None)}),
        ("004", None, {("2027", "2027", None), ("this week", "XXXX-WXX", None)}),
        ("004", DCT, {("2027", "2027", None), ("this week", "2025-W44", DCT_ANCHOR)}),
    ],
)  # fmt: skip
def test_times_seeds_state_their_dates(
    seeds_dir: Path, number: str, published: date | None, expected: set[tuple[str, str, Anchor | None]]
) -> None:
    article = _seed(seeds_dir, number, published)
    times = list(extract_times(article))
    found = {(article.text[time.start : time.end], time.value, time.anchor) for time in times}
    assert expected <= found
    assert [time.id for time in times] == [f"{article.id}-t{n}" for n in range(1, len(times) + 1)]
    assert [time.start for time in times] == sorted(time.start for time in times)
    for time in times:
        assert time.article == article.id and time.type in ("DATE", "TIME", "DURATION", "SET")
        assert not any(debris in article.text[time.start : time.end] for debris in ("$", "%", "F-35"))


def test_times_seed_004_final_weeks_in_office(seeds_dir: Path) -> None:
    article = _with_biden(_seed(seeds_dir, "004"))
    time = _times(article)["his final weeks in office"]
    assert (time.value, time.anchor) == ("2025-01", BIDEN_END)
