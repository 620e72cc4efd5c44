"""Quotes: marks and apostrophes, quotes over paragraph breaks and after colons, partial quotes, speakers."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from crossfact.clean import clean_article
from crossfact.extract.entities import extract_mentions
from crossfact.extract.quotes import extract_quotes
from crossfact.model import Article, Quote
from crossfact.read import Meta, make_article, read_file
from crossfact.split import split_article
from tests.conftest import seed_path

TRUMP = {"Trump", "Donald Trump"}


def _prepared(article: Article) -> Article:
    """Run the stages before quotes (clean, split, entities), as the pipeline does."""
    article = split_article(clean_article(article))
    return dataclasses.replace(article, mentions=tuple(extract_mentions(article)))


def _article(text: str) -> Article:
    return _prepared(make_article("test.txt", text, Meta()))


def _words(article: Article, quote: Quote) -> str:
    return article.text[quote.start : quote.end]


def _find(article: Article, quotes: list[Quote], prefix: str) -> Quote:
    (quote,) = [q for q in quotes if _words(article, q).startswith(prefix)]
    return quote


def _assert_honest(article: Article, quotes: list[Quote]) -> None:
    """Every span slices the article's text; ids number the quotes in text order."""
    assert [q.id for q in quotes] == [f"{article.id}-qt{n}" for n in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    for quote in quotes:
        assert quote.article == article.id
        assert 0 <= quote.start < quote.end <= len(article.text)
        words = _words(article, quote)
        assert words == words.strip() and not words.endswith(",")
        if quote.speaker_text is None:
            assert quote.speaker_start is None and quote.cue is None
        else:
            assert quote.speaker_start is not None and quote.speaker_end is not None
            assert quote.speaker_text == article.text[quote.speaker_start : quote.speaker_end]
            assert quote.speaker_ref_start is not None and quote.speaker_ref_end is not None


@pytest.fixture(scope="module")
def seeds(seeds_dir: Path) -> dict[str, tuple[Article, list[Quote]]]:
    found = {}
    for number in ("000", "001", "002", "003", "004"):
        (article,) = read_file(seed_path(seeds_dir, number))
        assert isinstance(article, Article)
        article = _prepared(article)
        found[number] = (article, list(extract_quotes(article)))
    return found


def test_quotes_spans_hold_on_the_seeds(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    for article, quotes in seeds.values():
        _assert_honest(article, quotes)
    assert sum(len(quotes) for _, quotes in seeds.values()) >= 15


@pytest.mark.parametrize(
    ("seed", "prefix", "cue"),
    [
        ("000", "fair and beneficial", "disclosed"),
        ("001", "We’ve Received Your Orders", "Announces"),
        ("001", "I know you’re significantly increasing", "stated"),
        ("001", "We greatly appreciate this order", "stating"),
        ("002", "very large", "citing"),
        ("002", "We greatly appreciate this order", "stating"),
        ("002", "The American people want strong leadership", "asserted"),
        ("004", "The military cooperation between", "said"),
        ("004", "Japan is committed to doubling", "stating"),  # "Trump expressed his approval, stating:"
    ],
)
def test_quotes_trump_quotes_on_the_seeds(
    seeds: dict[str, tuple[Article, list[Quote]]], seed: str, prefix: str, cue: str
) -> None:
    article, quotes = seeds[seed]
    quote = _find(article, quotes, prefix)
    assert quote.speaker_text in TRUMP
    assert quote.cue == cue and not quote.anonymous
    # The speaker is an entity mention, so the cross-article step can give it Trump's entity id.
    assert (quote.speaker_start, quote.speaker_end) in {(m.start, m.end) for m in article.mentions}


@pytest.mark.parametrize(
    ("seed", "prefix", "speaker"),
    [
        (
            "002",
            "This is a deal that reflects years of backroom negotiations",
            "a senior defense official, who spoke on condition of anonymity",
        ),
        ("002", "This is a Pyrrhic victory", "one trade analyst"),
        ("002", "a symbolic gesture", "one trade analyst"),  # the second half of an interrupted quote
        ("002", "This is a dangerous precedent", "a former Pentagon official"),
        ("002", "substantial economic burden", "industry experts"),
        ("004", "We all know that President Trump", "A Trump administration official"),
    ],
)
def test_quotes_anonymous_speakers_on_the_seeds(
    seeds: dict[str, tuple[Article, list[Quote]]], seed: str, prefix: str, speaker: str
) -> None:
    article, quotes = seeds[seed]
    quote = _find(article, quotes, prefix)
    assert quote.anonymous
    assert quote.speaker_text == speaker


def test_quotes_a_quote_over_two_paragraphs_is_one(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["001"]
    quote = _find(article, quotes, "We greatly appreciate this order")
    words = _words(article, quote)
    assert "\n\n" in words and words.endswith("and it is truly a fair deal.")
    assert not any(_words(article, q).startswith("We are entering") for q in quotes)


def test_quotes_partial_and_full_on_the_seeds(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["000"]
    assert _find(article, quotes, "fair and beneficial").partial
    assert {_words(article, q) for q in quotes} >= {"fair and beneficial", "quickly develop nuclear weapons"}
    article, quotes = seeds["004"]
    assert len(quotes) == 3 and not any(q.partial for q in quotes)


def test_quotes_none_in_a_seed_full_of_apostrophes(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["003"]
    assert article.text.count("’") >= 5
    assert quotes == []


def test_quotes_a_stray_mark_keeps_the_other_quotes(seeds: dict[str, tuple[Article, list[Quote]]]) -> None:
    article, quotes = seeds["004"]
    cut = article.text.index("Trump made the announcement")
    for stray in ("“", "”", '"', "‘"):
        broken = _article(article.text[:cut] + f"An {stray}unbalanced mark sits here. " + article.text[cut:])
        found = list(extract_quotes(broken))
        _assert_honest(broken, found)
        assert [_words(broken, q) for q in found] == [_words(article, q) for q in quotes]
        assert [q.speaker_text for q in found] == [q.speaker_text for q in quotes]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Mr. Gorbachev, tear down this wall!” Reagan said at the Brandenburg Gate.",
            [("Mr. Gorbachev, tear down this wall!", "Reagan", "said", False)],
        ),
        (
            "“The only thing we have to fear is fear itself,” Roosevelt said in his first inaugural address.",
            [("The only thing we have to fear is fear itself", "Roosevelt", "said", False)],
        ),
        (
            "''Ask not what your country can do for you,'' Kennedy said in his inaugural address.",
            [("Ask not what your country can do for you", "Kennedy", "said", False)],
        ),
        (
            "Kennedy told the crowd in West Berlin: “Ich bin ein Berliner.”",
            [("Ich bin ein Berliner.", "Kennedy", "told", False)],
        ),
        (  # a colon ending the previous paragraph introduces the quote
            "Roosevelt told Congress:\n\n“Yesterday, December 7, 1941 — a date which will live in infamy — the "
            "United States of America was suddenly and deliberately attacked.”",
            [
                (
                    "Yesterday, December 7, 1941 — a date which will live in infamy — the United States of America "
                    "was suddenly and deliberately attacked.",
                    "Roosevelt",
                    "told",
                    False,
                )
            ],
        ),
        (  # the newswire convention: the next paragraph reopens the quote
            "“We choose to go to the Moon in this decade and do the other things,\n\n“not because they are easy, "
            "but because they are hard,” Kennedy said.",
            [
                (
                    "We choose to go to the Moon in this decade and do the other things,\n\n“not because they are "
                    "easy, but because they are hard",
                    "Kennedy",
                    "said",
                    False,
                )
            ],
        ),
        (
            "Churchill described the Soviet Union as “a riddle, wrapped in a mystery, inside an enigma.”",
            [("a riddle, wrapped in a mystery, inside an enigma.", "Churchill", "described", False)],
        ),
        (
            "President Barack Obama told reporters, 'We are not going to be distracted.'",
            [("We are not going to be distracted.", "Barack Obama", "told", False)],
        ),
        (
            "“There is no deal yet,” said a senior State Department official, who spoke on condition of "
            "anonymity because the talks are private.",
            [
                (
                    "There is no deal yet",
                    "a senior State Department official, who spoke on condition of anonymity because the talks "
                    "are private",
                    "said",
                    True,
                )
            ],
        ),
        (
            "People familiar with the discussions said the two sides were “close to an agreement.”",
            [("close to an agreement.", "People familiar with the discussions", "said", True)],
        ),
        (
            "Sources close to the administration described the order as “historic.”",
            [("historic.", "Sources close to the administration", "described", True)],
        ),
        (
            "A former Pentagon official warned that the plan was “a gamble.”",
            [("a gamble.", "A former Pentagon official", "warned", True)],
        ),
        (  # "he" resolves to the subject of the sentence before
            "Ishiba spoke to reporters after the meeting. “Japan will do its part,” he said.",
            [("Japan will do its part", "Ishiba", "said", False)],
        ),
        (  # "the official" resolves to the unnamed official quoted before
            "“The order is large,” said a senior defense official. The official added that the deal was "
            "“years in the making.”",
            [
                ("The order is large", "a senior defense official", "said", True),
                ("years in the making.", "a senior defense official", "added", True),
            ],
        ),
        (  # an interrupted quote: both parts go to the speaker between them
            "“It is a good deal,” said one trade analyst, “but the details still matter.”",
            [
                ("It is a good deal", "one trade analyst", "said", True),
                ("but the details still matter.", "one trade analyst", "said", True),
            ],
        ),
        (  # a quote inside a quote belongs to the outer one
            "“He told me ‘never again’ and meant it,” Ishiba said.",
            [("He told me ‘never again’ and meant it", "Ishiba", "said", False)],
        ),
        (  # an outlet as the source; the passive "was described" names nobody
            "The sale, first reported by Voice of America, was described as “a major step.”",
            [("a major step.", "Voice of America", "reported by", False)],
        ),
        (
            "“The talks were constructive,” according to a Voice of America report.",
            [("The talks were constructive", "Voice of America", "according to", False)],
        ),
        (  # straight single quotes around apostrophes
            "'It's a fair deal,' she said, 'and we've waited long enough.'",
            [
                ("It's a fair deal", "she", "said", False),
                ("and we've waited long enough.", "she", "said", False),
            ],
        ),
        (
            "Officials said the sale was 'very large,' citing the Pentagon's notice.",
            [("very large", "Officials", "said", True)],
        ),
        (  # a title after a possessive is no quote; a nickname is
            "MSNBC’s “Morning Joe” hosted Trump, who called Biden “Sleepy Joe.”",
            [("Sleepy Joe.", "Trump", "called", False)],
        ),
    ],
)
def test_quotes_real_sentences(text: str, expected: list[tuple[str, str, str, bool]]) -> None:
    article = _article(text)
    quotes = list(extract_quotes(article))
    _assert_honest(article, quotes)
    assert [(_words(article, q), q.speaker_text, q.cue, q.anonymous) for q in quotes] == expected


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
    assert list(extract_quotes(_article(text))) == []


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
    article = _article(text)
    quotes = list(extract_quotes(article))
    _assert_honest(article, quotes)
    assert [_words(article, q) for q in quotes] == words


def test_quotes_partial_quote_flag() -> None:
    article = _article("Trump said “we are ready” and called the deal “fair.” He said “We won.”")
    assert [(_words(article, q), q.partial) for q in extract_quotes(article)] == [
        ("we are ready", False),  # right after the cue: the whole of what he said
        ("fair.", True),
        ("We won.", False),
    ]


def test_quotes_without_sentences_or_mentions() -> None:
    """The extractor needs only ``text``: lines stand in for sentences, capitalised names for mentions."""
    text = "“We will sign it,” Ishiba said.\n“It is done,” said a senior official."
    article = make_article("test.txt", text, Meta())
    quotes = list(extract_quotes(article))
    _assert_honest(article, quotes)
    assert [(_words(article, q), q.speaker_text, q.anonymous) for q in quotes] == [
        ("We will sign it", "Ishiba", False),
        ("It is done", "a senior official", True),
    ]
