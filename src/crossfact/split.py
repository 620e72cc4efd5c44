"""Split cleaned article text into sentences with character offsets; no sentence crosses a line break.

A rule-based splitter: a sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets)
when whitespace and a capital, digit or opening mark follow, except after a title abbreviation ("Gen.",
"Mr.") and, unless a typical sentence opener follows, after an initialism ("U.S.", "J.") or a company suffix.
It is linear in the text and has no model, so it runs the same everywhere.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import partial

from crossfact import lang
from crossfact.config import Config, SplitConfig
from crossfact.model import Article, Sentence
from crossfact.step import Resources, Step

# Abbreviations that precede a name or number and so never end a sentence ("Gen.", "Mr."), and those that often
# end a sentence too ("... ties with the U.S. The deal ..."), where a break is made only when the next word is a
# usual sentence opener. One list, lang/en/abbreviations.tsv, shared with the cleaner.
TITLE_ABBREVIATIONS = frozenset(
    row["abbreviation"] for row in lang.table("abbreviations") if row["kind"] == "title"
)
AMBIGUOUS_ABBREVIATIONS = frozenset(
    row["abbreviation"] for row in lang.table("abbreviations") if row["kind"] == "ambiguous"
)
SENTENCE_OPENERS = lang.words("sentence_openers")

# A boundary starts only at the first mark of a run, and the marks and closers are taken possessively: a run of
# 100 000 dots is then tried once, not once per dot with backtracking (quadratic, issue 16).
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[”’\"')\]]*+(?=\s+[“‘\"'(\[]?[A-Z0-9])")
_NEXT_WORD = re.compile(r"\s+[“‘\"'(\[]?([A-Za-z]+)")
_INITIAL = re.compile(r"^(?:[A-Za-z]\.)+$")


def split_article(article: Article, *, config: SplitConfig | None = None) -> Article:
    """Return the article with ``sentences`` set from its cleaned text."""
    return replace(article, sentences=tuple(split_text(article.text, config=config)))


def split_text(text: str, *, config: SplitConfig | None = None) -> Iterator[Sentence]:
    """Yield the sentences of ``text`` in order, each numbered with the paragraph (non-empty line) holding it."""
    extra = frozenset(abbreviation.lower() for abbreviation in (config.abbreviations if config else ()))
    paragraph = -1
    start = 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            paragraph += 1
            yield from _split_line(text, start, end, paragraph, extra)
        start = end + 1


def _split_line(text: str, start: int, end: int, paragraph: int, extra: frozenset[str]) -> Iterator[Sentence]:
    sentence_start = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, sentence_start, match.start(), match.end(), extra):
            continue
        yield from _trimmed(text, sentence_start, match.end(), paragraph)
        sentence_start = match.end()
    yield from _trimmed(text, sentence_start, end, paragraph)


def _is_abbreviation(text: str, sentence_start: int, mark: int, after: int, extra: frozenset[str]) -> bool:
    if text[mark] != "." or text[mark:after].rstrip(".") != "":
        return False  # "?", "!", or a dot followed by a closing quote ends the sentence
    last = _last_token(text, sentence_start, mark + 1)
    # "Japan-U.S." ends in the initialism, so judge the last part of a hyphenated token.
    token = re.split(r"[-/–—]", last.lower())[-1].lstrip("(“‘\"'")
    if token in TITLE_ABBREVIATIONS or token in extra:
        return True
    if token in AMBIGUOUS_ABBREVIATIONS or (_INITIAL.match(token) and len(token) <= 4):
        following = _NEXT_WORD.match(text, after)
        return not (following and following.group(1).lower() in SENTENCE_OPENERS)
    return False


def _last_token(text: str, start: int, end: int) -> str:
    """Return the run of non-space characters ending at ``end`` (not before ``start``).

    Scanning back from ``end`` costs the token's length; a regex search from ``start`` cost the whole sentence
    so far at every abbreviation, quadratic on a run of "U.S. U.S. …" (32 000 repeats took 83 s, issue 16).
    """
    begin = end
    while begin > start and not text[begin - 1].isspace():
        begin -= 1
    return text[begin:end]


def _trimmed(text: str, start: int, end: int, paragraph: int) -> Iterator[Sentence]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        yield Sentence(start, end, paragraph)


def _build(config: Config, resources: Resources) -> Callable[[Article], Article]:
    return partial(split_article, config=config.split)


STEP: Step[Article] = Step(
    "split",
    "article",
    _build,
    requires=("article.text",),
    assigns=("article.sentences",),
    section="split",
)
