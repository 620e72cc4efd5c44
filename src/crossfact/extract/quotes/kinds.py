"""Tell a partial quote from a full one, and quoted words that are nobody's speech (a title, a nickname, a term)
from a quote."""

from __future__ import annotations

import re

from crossfact import lang
from crossfact.extract.quotes.cues import CUE_AT_END, REACH_CHARS
from crossfact.extract.quotes.marks import Mark, end_before_space

# A capitalised phrase of up to this many words quoted after a possessive or a title word (lang/en/title_leads:
# "his", "titled", "book") names a show, book or film (MSNBC’s “Morning Joe”, CBS's "Face the Nation"), not
# someone's words. Capitals alone say nothing: a headline capitalises its quotes too (‘A Disgrace’), and nicknames
# are quoted words (“Miss Piggy”). On PolNeAR dev (benchmarks/eval_quotes.py) the possessive rule drops 19
# predictions outside any gold content and 2 inside; capitals alone drop 34 outside and 34 inside. Raising the
# word cap trades the same way.
_TITLE_LEAD = re.compile(
    rf"(?:\w['’]s?|\b(?:{lang.alternation(lang.words('title_leads'))})),?\s*$", re.IGNORECASE
)
_TITLE_MAX_WORDS = 5
_TITLE_SMALL_WORDS = frozenset("a an the of and or in on at to for with by from is are as vs".split())
# the so-called “deplorables”, known as “Obamacare”, the word “rigged” (lang/en/quoted_term_leads).
_TERM_LEAD = re.compile(
    rf"(?<![\w-])(?:{lang.alternation(lang.words('quoted_term_leads'))})\s*$", re.IGNORECASE
)
# Robert C. "Bobby" Scott, Marcia "Cia" Price: a capitalised word or initial either side of a short quote.
_NAME_BEFORE = re.compile(r"(?:\b[A-Z][\w.’'-]*)\s+$")
_NAME_AFTER = re.compile(r"\s+[A-Z][\w’'-]*\b")
_NICKNAME_MAX_WORDS = 2


def is_partial(text: str, masked: str, opening: Mark) -> bool:
    """Return whether a word of the writer's sentence stands right before the quote ("as a ‘fair’ deal").

    ``masked`` is ``text`` with every quote blanked out, so that a cue inside an earlier quote does not count.
    """
    line_start = text.rfind("\n", max(0, opening.start - REACH_CHARS), opening.start) + 1
    end = max(end_before_space(text, opening.start), line_start)
    if end == line_start or not text[end - 1].isalnum():
        return False
    # "said “We are ...”": a cue right before the mark introduces a whole quote.
    return CUE_AT_END.search(masked, max(line_start, end - 30), end) is None


def is_title(text: str, opening: Mark, start: int, end: int) -> bool:
    """Return whether the quoted words ``text[start:end]`` name a show, book or film (MSNBC’s “Morning Joe”)."""
    return _TITLE_LEAD.search(text, max(0, opening.start - 40), opening.start) is not None and title_words(
        text[start:end]
    )


def is_term(text: str, opening: Mark) -> bool:
    """Return whether the quote names a term rather than reports words: the so-called “deplorables”."""
    return _TERM_LEAD.search(text, max(0, opening.start - 30), opening.start) is not None


def is_nickname(text: str, opening: Mark, closing: Mark, start: int, end: int) -> bool:
    """Return whether the quoted words are a nickname inside a name: Robert C. "Bobby" Scott."""
    words = text[start:end].split()
    return (
        0 < len(words) <= _NICKNAME_MAX_WORDS
        and all(word[0].isupper() for word in words)
        and _NAME_BEFORE.search(text, max(0, opening.start - 30), opening.start) is not None
        and _NAME_AFTER.match(text, closing.end) is not None
    )


def title_words(words: str) -> bool:
    """Whether quoted words look like a title: at most a few words, each capitalised or a small word."""
    tokens = words.rstrip(".!?,").split()
    if not tokens or len(tokens) > _TITLE_MAX_WORDS:
        return False
    return all(token[0].isupper() or token[0].isdigit() or token in _TITLE_SMALL_WORDS for token in tokens)
