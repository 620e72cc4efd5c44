"""Attribution rules on real sentences: the cue after, before or around a quote, and its speaker."""

from __future__ import annotations

import pytest

from crossfact.extract.quotes import extract_quotes
from tests.extract.quotes.conftest import article_from, assert_honest, words_of


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
    article = article_from(text)
    quotes = list(extract_quotes(article))
    assert_honest(article, quotes)
    assert [(words_of(article, q), q.speaker_text, q.cue, q.anonymous) for q in quotes] == expected
